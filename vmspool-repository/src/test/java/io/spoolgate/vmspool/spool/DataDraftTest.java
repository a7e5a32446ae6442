package io.spoolgate.vmspool.spool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Both kinds of draft: data that nobody sees under its name until it is complete, and nothing left when discarded. */
class DataDraftTest {

    @TempDir
    Path root;

    private List<String> names(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static void write(DataDraft draft, String text) throws IOException {
        draft.channel().write(ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void anAnonymousDraftHasNoNameUntilPublishedAndCreatesItsFolder() throws IOException {
        DataDraft.Maker maker = AnonymousDraft.maker(root); // this is Linux with O_TMPFILE: it must work
        assertThat(names(root)).as("the trial leaves nothing").isEmpty();
        Path reader = root.resolve("USER1");
        try (DataDraft draft = maker.create(reader)) {
            write(draft, "card images");
            assertThat(names(reader)).as("written, but without a name").isEmpty();
            draft.publish(reader.resolve("0001.rdr"));
        }
        assertThat(names(reader)).containsExactly("0001.rdr");
        assertThat(Files.readString(reader.resolve("0001.rdr"))).isEqualTo("card images");
    }

    @Test
    void anAnonymousDraftNeverReplacesAFileAndADiscardedOneLeavesNothing() throws IOException {
        DataDraft.Maker maker = AnonymousDraft.maker(root);
        Path taken = Files.writeString(root.resolve("0001.rdr"), "first");
        try (DataDraft draft = maker.create(root)) {
            write(draft, "second");
            assertThatThrownBy(() -> draft.publish(taken)).isInstanceOf(FileAlreadyExistsException.class);
        }
        assertThat(Files.readString(taken)).isEqualTo("first");
        try (DataDraft draft = maker.create(root)) {
            write(draft, "never named");
        }
        assertThat(names(root)).containsExactly("0001.rdr");
    }

    @Test
    void anAnonymousDraftInAFolderThatCannotBeMadeSaysWhy() throws IOException {
        DataDraft.Maker maker = AnonymousDraft.maker(root);
        Path file = Files.writeString(root.resolve("plain-file"), "x");
        assertThatThrownBy(() -> maker.create(file.resolve("USER1"))).isInstanceOf(IOException.class);
    }

    @Test
    void aNamedDraftIsATemporaryFileRenamedIntoPlaceOrRemoved() throws IOException {
        Path reader = root.resolve("USER2");
        try (DataDraft draft = NamedDraft.create(reader, ".rdr")) {
            write(draft, "card images");
            assertThat(names(reader)).singleElement().asString().startsWith(".tmp-").endsWith(".rdr");
            draft.publish(reader.resolve("0002.rdr"));
        }
        assertThat(names(reader)).containsExactly("0002.rdr");
        try (DataDraft draft = NamedDraft.create(reader, ".rdr")) {
            write(draft, "discarded");
        }
        assertThat(names(reader)).containsExactly("0002.rdr");
    }
}
