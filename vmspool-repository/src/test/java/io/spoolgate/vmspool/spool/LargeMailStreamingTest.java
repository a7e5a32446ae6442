package io.spoolgate.vmspool.spool;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A 200 MB mail is punched into a directory reader and decoded back by a JVM limited to a 64 MB heap: the codecs
 * stream, nothing holds the whole mail.
 */
class LargeMailStreamingTest {

    // a whole number of 74-byte lines (about 200 MB): a mail ends with CRLF
    static final long SIZE = 74L * 2_834_000;

    @TempDir
    Path root;

    @Test
    void twoHundredMegabytesPunchedAndReadBackWith64MbOfHeap() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(java.toString(), "-Xmx64m", "-cp", System.getProperty("java.class.path"),
            Child.class.getName(), root.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(10, TimeUnit.MINUTES)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).contains("digests match");
    }

    /** Runs in the small JVM. */
    public static final class Child {
        public static void main(String[] args) throws Exception {
            DirectorySpoolBackend spool = new DirectorySpoolBackend(Path.of(args[0]));
            PunchRequest request = new PunchRequest(VmUserid.of("USER1"), 'A', "big", "MAIL", VmUserid.of("SMTP"),
                "VMNODE", DeliveryFormat.NETDATA, "big-1", "a@b", List.of("user1@vm.example"));
            MessageDigest sent = MessageDigest.getInstance("SHA-256");
            ReaderFileEncoder encoder = new ReaderFileEncoder("VMNODE", "vm.example", ReaderFileEncoder.AUTO_LRECL);
            SpoolFile f = spool.punch(request, out -> encoder.encode(request, Instant.now(),
                () -> new GeneratedMail(SIZE, null), SIZE, out));
            new GeneratedMail(SIZE, sent).transferTo(OutputStream.nullOutputStream());
            MessageDigest back = MessageDigest.getInstance("SHA-256");
            try (InputStream in = spool.open(f); OutputStream out = new DigestSink(back)) {
                ReaderFileDecoder.decodeMessage(DeliveryFormat.NETDATA, in, out);
            }
            System.out.println("punched " + Files.size(Path.of(args[0], "USER1", "0001.rdr")) + " bytes, "
                + f.records() + " records, heap max " + Runtime.getRuntime().maxMemory() / (1024 * 1024) + " MB");
            if (!MessageDigest.isEqual(sent.digest(), back.digest())) {
                System.out.println("DIGESTS DIFFER");
                System.exit(1);
            }
            System.out.println("digests match " + HexFormat.of().formatHex(back.digest()));
        }
    }

    /** Deterministic mail text: 72-character lines with 8-bit bytes, generated on the fly. */
    static final class GeneratedMail extends InputStream {
        private final long size;
        private final MessageDigest digest;
        private long pos;

        GeneratedMail(long size, MessageDigest digest) {
            this.size = size;
            this.digest = digest;
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (pos >= size) {
                return -1;
            }
            int n = (int) Math.min(len, size - pos);
            for (int i = 0; i < n; i++, pos++) {
                long col = pos % 74;
                b[off + i] = col == 72 ? (byte) '\r' : col == 73 ? (byte) '\n' : (byte) (32 + (pos * 31 + col) % 224);
            }
            if (digest != null) {
                digest.update(b, off, n);
            }
            return n;
        }
    }

    static final class DigestSink extends OutputStream {
        private final MessageDigest digest;

        DigestSink(MessageDigest digest) {
            this.digest = digest;
        }

        @Override
        public void write(int b) {
            digest.update((byte) b);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            digest.update(b, off, len);
        }
    }
}
