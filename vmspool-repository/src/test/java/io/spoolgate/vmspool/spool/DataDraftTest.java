package io.spoolgate.vmspool.spool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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
    void aFolderWhoseFileSystemMakesNoAnonymousFilesGetsNamedDraftsFromThenOn() throws IOException {
        Path refusing = root.resolve("NFSUSER");
        List<Path> anonymousTries = new ArrayList<>();
        DataDraft.Maker anonymous = AnonymousDraft.maker(root);
        DataDraft.Maker drafts = new DraftsPerFolder(folder -> {
            anonymousTries.add(folder);
            if (folder.equals(refusing)) {
                throw new AnonymousDraft.Unsupported("cannot make a file in " + folder + " (open O_TMPFILE): EOPNOTSUPP");
            }
            return anonymous.create(folder);
        }, folder -> NamedDraft.create(folder, ".rdr"));

        for (int i = 1; i <= 2; i++) {
            try (DataDraft draft = drafts.create(refusing)) {
                assertThat(draft).isInstanceOf(NamedDraft.class);
                write(draft, "nfs " + i);
                draft.publish(refusing.resolve("000" + i + ".rdr"));
            }
            try (DataDraft draft = drafts.create(root.resolve("MAINT"))) {
                assertThat(draft).isInstanceOf(AnonymousDraft.class);
                write(draft, "local " + i);
                draft.publish(root.resolve("MAINT").resolve("000" + i + ".rdr"));
            }
        }
        assertThat(names(refusing)).containsExactly("0001.rdr", "0002.rdr");
        assertThat(Files.readString(refusing.resolve("0002.rdr"))).isEqualTo("nfs 2");
        assertThat(names(root.resolve("MAINT"))).containsExactly("0001.rdr", "0002.rdr");
        // the refusing folder was tried once; the other one every time
        assertThat(anonymousTries).containsExactly(refusing, root.resolve("MAINT"), root.resolve("MAINT"));
    }

    @Test
    void anyOtherFailureOfAnAnonymousDraftIsTheCallersNotAFallback() {
        DataDraft.Maker drafts = new DraftsPerFolder(folder -> {
            throw new IOException("cannot make a file in " + folder + " (open O_TMPFILE): ENOSPC");
        }, folder -> {
            throw new AssertionError("no named draft for a full disk");
        });
        assertThatThrownBy(() -> drafts.create(root.resolve("MAINT"))).isInstanceOf(IOException.class)
            .hasMessageContaining("ENOSPC");
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
