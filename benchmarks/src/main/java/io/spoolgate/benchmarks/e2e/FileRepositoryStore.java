package io.spoolgate.benchmarks.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * A James {@code file://} mail repository: one {@code KEY.FileStreamStore} (the message) and one
 * {@code KEY.FileObjectStore} (the envelope) per mail, all recipients in one entry.
 */
final class FileRepositoryStore implements DeliveryStore {

    private static final String MESSAGE_SUFFIX = ".FileStreamStore";

    private final Path dir;

    FileRepositoryStore(Path dir) {
        this.dir = dir;
    }

    @Override
    public long copies() throws IOException {
        long n = 0;
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*" + MESSAGE_SUFFIX)) {
            for (Path ignored : files) {
                n++;
            }
        }
        return n;
    }

    @Override
    public int copiesFor(java.util.List<String> recipients) {
        return 1;
    }

    @Override
    public Map<String, Integer> messageIds(String prefix) throws IOException {
        Map<String, Integer> ids = new HashMap<>();
        if (!Files.isDirectory(dir)) {
            return ids;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*" + MESSAGE_SUFFIX)) {
            for (Path f : files) {
                try (InputStream in = Files.newInputStream(f)) {
                    MessageIds.count(ids, MessageIds.ofHeader(in), prefix);
                }
            }
        }
        return ids;
    }
}
