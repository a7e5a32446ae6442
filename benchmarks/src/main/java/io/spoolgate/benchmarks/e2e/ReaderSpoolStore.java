package io.spoolgate.benchmarks.e2e;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import io.spoolgate.vmspool.spool.DirectorySpoolBackend;
import io.spoolgate.vmspool.spool.ReaderFileDecoder;
import io.spoolgate.vmspool.spool.SpoolFile;
import io.spoolgate.vmspool.spool.VmUserid;

/**
 * Spoolgate's directory spool: {@code DIR/USERID/NNNN.rdr}, decoded with the project's own reader-file decoder.
 * Recipients in the same reader share one file; the shipped {@code vmusers} has USER1 and USER2, everything else goes
 * to MAINT.
 */
final class ReaderSpoolStore implements DeliveryStore {

    private final Path root;

    ReaderSpoolStore(Path root) {
        this.root = root;
    }

    @Override
    public long copies() throws IOException {
        long n = 0;
        if (!Files.isDirectory(root)) {
            return 0;
        }
        try (DirectoryStream<Path> readers = Files.newDirectoryStream(root, Files::isDirectory)) {
            for (Path reader : readers) {
                if (reader.getFileName().toString().equals("SMTP")) {
                    continue; // the service machine's own reader is the intake, not delivery
                }
                try (DirectoryStream<Path> files = Files.newDirectoryStream(reader, "[0-9]*.rdr")) {
                    for (Path ignored : files) {
                        n++;
                    }
                }
            }
        }
        return n;
    }

    @Override
    public int copiesFor(java.util.List<String> recipients) {
        // the shipped vmusers has USER1 and USER2; every other userid goes to MAINT; one file per reader
        return (int) recipients.stream().map(r -> r.substring(0, r.indexOf('@')).toUpperCase(java.util.Locale.ROOT))
            .map(u -> u.equals("USER1") || u.equals("USER2") ? u : "MAINT").distinct().count();
    }

    @Override
    public Map<String, Integer> messageIds(String prefix) throws IOException {
        DirectorySpoolBackend spool = new DirectorySpoolBackend(root);
        Map<String, Integer> ids = new HashMap<>();
        for (VmUserid owner : spool.readers()) {
            if (owner.toString().equals("SMTP")) {
                continue;
            }
            for (SpoolFile file : spool.list(owner)) {
                ByteArrayOutputStream message = new ByteArrayOutputStream();
                try (InputStream in = spool.open(file)) {
                    ReaderFileDecoder.decodeMessage(file.format(), in, message);
                }
                MessageIds.count(ids, MessageIds.ofHeader(new ByteArrayInputStream(message.toByteArray())), prefix);
            }
        }
        return ids;
    }
}
