package io.spoolgate.benchmarks.e2e;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Per-user mbox files {@code DIR/USER} (Exim's appendfile): messages start with a {@code From_} line. Only the header
 * section of each message is searched for its Message-ID; the load corpus never has a body line starting with
 * {@code From }.
 */
final class MboxStore implements DeliveryStore {

    private final Path dir;

    MboxStore(Path dir) {
        this.dir = dir;
    }

    @Override
    public long copies() throws IOException {
        long n = 0;
        for (Path f : files()) {
            n += scan(f, null, "").fromLines;
        }
        return n;
    }

    @Override
    public int copiesFor(java.util.List<String> recipients) {
        return (int) recipients.stream().distinct().count();
    }

    @Override
    public Map<String, Integer> messageIds(String prefix) throws IOException {
        Map<String, Integer> ids = new HashMap<>();
        for (Path f : files()) {
            scan(f, ids, prefix);
        }
        return ids;
    }

    private record Scan(long fromLines) {
    }

    private static Scan scan(Path f, Map<String, Integer> ids, String prefix) throws IOException {
        long froms = 0;
        boolean inHeader = false;
        InputStreamReader in;
        try {
            in = new InputStreamReader(Files.newInputStream(f), StandardCharsets.ISO_8859_1);
        } catch (java.nio.file.NoSuchFileException gone) {
            return new Scan(0); // a lock or temporary file that went away meanwhile
        }
        try (BufferedReader r = new BufferedReader(in, 256 * 1024)) {
            for (String line; (line = r.readLine()) != null; ) {
                if (line.startsWith("From ")) {
                    froms++;
                    inHeader = true;
                } else if (inHeader) {
                    if (line.isEmpty()) {
                        inHeader = false;
                    } else if (ids != null) {
                        MessageIds.count(ids, MessageIds.ofLine(line), prefix);
                    }
                }
            }
        }
        return new Scan(froms);
    }

    private java.util.List<Path> files() throws IOException {
        java.util.List<Path> result = new java.util.ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return result;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir,
                f -> !f.getFileName().toString().contains(".lock") && Files.isRegularFile(f))) {
            files.forEach(result::add);
        }
        return result;
    }
}
