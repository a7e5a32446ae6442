package io.spoolgate.vmspool.format;

import io.spoolgate.vmspool.netdata.NetdataHeader;
import io.spoolgate.vmspool.netdata.NetdataReader;
import io.spoolgate.vmspool.netdata.NetdataWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Run in a small heap (-Xmx64m) by {@link StreamingProofTest}: generates a mail of the given size on the fly, pushes
 * it through RecordEncoder -> NetdataWriter -> (pipe, counted and digested) -> NetdataReader -> RecordDecoder -> digest
 * and prints {@code OK <mail bytes> <netdata bytes> <sha-256>} if the decoded digest equals the generated one.
 */
public final class StreamingProofMain {

    private StreamingProofMain() {
    }

    public static void main(String[] args) throws Exception {
        long total = Long.parseLong(args[0]);
        int lrecl = 132;
        PipedInputStream pipeIn = new PipedInputStream(1 << 16);
        PipedOutputStream pipeOut = new PipedOutputStream(pipeIn);
        MessageDigest generated = sha();
        long[] netdataBytes = {0};
        AtomicReference<Throwable> writerError = new AtomicReference<>();

        Thread writer = new Thread(() -> {
            try (OutputStream counting = new CountingStream(pipeOut, netdataBytes)) {
                NetdataWriter w = new NetdataWriter(counting, NetdataHeader.note("GW", "SMTP", "VM", "USER", Instant.EPOCH, lrecl));
                RecordEncoder enc = new RecordEncoder(lrecl, w::writeRecord);
                generate(total, enc, generated);
                enc.finish();
                w.close();
            } catch (Throwable t) {
                writerError.set(t);
            }
        }, "netdata-writer");
        writer.start();

        MessageDigest decoded = sha();
        try (DigestOutputStream out = new DigestOutputStream(OutputStream.nullOutputStream(), decoded)) {
            RecordDecoder dec = new RecordDecoder(lrecl, out);
            NetdataReader reader = new NetdataReader(pipeIn);
            while (reader.nextRecord(dec)) {
                // streamed into the decoder
            }
            dec.finish();
            if (!reader.isComplete()) {
                throw new IllegalStateException("INMR06 not reached");
            }
        }
        writer.join();
        if (writerError.get() != null) {
            throw new IllegalStateException("writer failed", writerError.get());
        }
        byte[] a = generated.digest();
        byte[] b = decoded.digest();
        if (!Arrays.equals(a, b)) {
            System.out.println("MISMATCH " + HexFormat.of().formatHex(a) + " " + HexFormat.of().formatHex(b));
            System.exit(2);
        }
        System.out.println("OK " + total + " " + netdataBytes[0] + " " + HexFormat.of().formatHex(a)
                + " maxHeapMiB=" + Runtime.getRuntime().maxMemory() / (1024 * 1024));
    }

    /** Text lines of 60-78 characters, empty lines, one-blank lines, long lines and 8-bit bytes; ends with CRLF. */
    private static void generate(long total, RecordEncoder enc, MessageDigest digest) throws IOException {
        Random rnd = new Random(64);
        byte[] pool = new byte[1 << 20];
        int p = 0;
        while (p < pool.length - 20_000) {
            int kind = rnd.nextInt(100);
            int n = kind < 85 ? 60 + rnd.nextInt(19) : kind < 92 ? 0 : kind < 94 ? 1 : kind < 97 ? 132 * (1 + rnd.nextInt(3)) : 5000 + rnd.nextInt(10_000);
            for (int i = 0; i < n; i++) {
                pool[p++] = kind < 85 ? (byte) (' ' + rnd.nextInt(95)) : kind < 94 ? (byte) ' ' : (byte) rnd.nextInt(256);
            }
            pool[p++] = '\r';
            pool[p++] = '\n';
        }
        int poolLen = p;
        long done = 0;
        while (done < total) {
            int from = rnd.nextInt(poolLen / 2);
            int len = (int) Math.min(total - done, 1 + rnd.nextInt(poolLen - from - 1));
            enc.write(pool, from, len);
            digest.update(pool, from, len);
            done += len;
        }
        byte[] crlf = {'\r', '\n'};
        enc.write(crlf, 0, 2); // the mail ends with CRLF, so it round-trips exactly
        digest.update(crlf);
    }

    private static MessageDigest sha() throws NoSuchAlgorithmException {
        return MessageDigest.getInstance("SHA-256");
    }

    /** Counts bytes on the way to the pipe. */
    private static final class CountingStream extends OutputStream {
        private final OutputStream out;
        private final long[] count;

        CountingStream(OutputStream out, long[] count) {
            this.out = out;
            this.count = count;
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count[0]++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count[0] += len;
        }

        @Override
        public void close() throws IOException {
            out.close();
        }
    }
}
