package io.spoolgate.vmspool.spool;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * A draft under a temporary name ({@code .tmp-*}, created exclusively) that is renamed into place. Works on every file
 * system; a crash leaves the temporary file behind, which the spool removes once it is stale.
 */
final class NamedDraft implements DataDraft {

    static final String PREFIX = ".tmp-";
    private static final TemporaryNames NAMES = new TemporaryNames();

    private final Path temporary;
    private final FileChannel channel;
    private boolean published;

    private NamedDraft(Path temporary, FileChannel channel) {
        this.temporary = temporary;
        this.channel = channel;
    }

    /** A new draft in {@code folder} named {@code .tmp-NAME}{@code suffix}. */
    static NamedDraft create(Path folder, String suffix) throws IOException {
        while (true) {
            Path candidate = folder.resolve(PREFIX + NAMES.next() + suffix);
            try {
                return new NamedDraft(candidate, open(folder, candidate));
            } catch (FileAlreadyExistsException anotherProcesses) {
                // a name another process sharing the folder made: take the next one
            }
        }
    }

    private static FileChannel open(Path folder, Path file) throws IOException {
        try {
            return FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        } catch (NoSuchFileException e) {
            Files.createDirectories(folder);
            return FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        }
    }

    @Override
    public FileChannel channel() {
        return channel;
    }

    @Override
    public void publish(Path name) throws IOException {
        channel.close();
        Files.move(temporary, name, StandardCopyOption.ATOMIC_MOVE);
        published = true;
    }

    @Override
    public void close() throws IOException {
        try {
            channel.close();
        } finally {
            if (!published) {
                Files.deleteIfExists(temporary);
            }
        }
    }
}
