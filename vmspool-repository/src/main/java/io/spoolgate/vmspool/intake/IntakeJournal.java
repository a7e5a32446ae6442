package io.spoolgate.vmspool.intake;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.Set;

/**
 * Remembers which mails of a spool file are already in James's queue, so that a crash between enqueueing and removing
 * the file never sends a mail twice: one small file per spool file in progress, named by spool id and content digest,
 * holding the indexes of the enqueued transactions (each line fsync'd before the next mail is taken). It is removed
 * once the spool file has left the reader.
 */
public final class IntakeJournal {

    private final Path directory;

    public IntakeJournal(Path directory) {
        this.directory = directory;
    }

    private Path entry(int spoolId, String digest) {
        return directory.resolve(spoolId + "-" + digest);
    }

    /** Indexes of the transactions of this file (same id, same content) already enqueued. */
    public Set<Integer> enqueued(int spoolId, String digest) throws IOException {
        Path p = entry(spoolId, digest);
        Set<Integer> done = new HashSet<>();
        if (!Files.exists(p)) {
            return done;
        }
        for (String line : Files.readAllLines(p, StandardCharsets.US_ASCII)) {
            if (!line.isBlank()) {
                done.add(Integer.parseInt(line.trim()));
            }
        }
        return done;
    }

    /** Records, durably, that transaction {@code index} of the file is enqueued. */
    public void record(int spoolId, String digest, int index) throws IOException {
        Files.createDirectories(directory);
        try (FileChannel ch = FileChannel.open(entry(spoolId, digest), StandardOpenOption.CREATE,
            StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            ch.write(ByteBuffer.wrap((index + "\n").getBytes(StandardCharsets.US_ASCII)));
            ch.force(true);
        }
    }

    /** Forgets a file that has left the reader. */
    public void finish(int spoolId, String digest) throws IOException {
        Files.deleteIfExists(entry(spoolId, digest));
    }

    /** Forgets every entry whose spool id is no longer in the reader. */
    public void prune(Set<Integer> present) throws IOException {
        if (!Files.isDirectory(directory)) {
            return;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
            for (Path p : entries) {
                String name = p.getFileName().toString();
                int dash = name.indexOf('-');
                if (dash > 0 && !present.contains(Integer.parseInt(name.substring(0, dash)))) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }
}
