package io.spoolgate.vmspool.format;

import static org.assertj.core.api.Assertions.assertThat;

import io.spoolgate.vmspool.bsmtp.BsmtpReader;
import io.spoolgate.vmspool.bsmtp.BsmtpWriter;
import io.spoolgate.vmspool.card.PunchCardReader;
import io.spoolgate.vmspool.card.PunchCardWriter;
import io.spoolgate.vmspool.netdata.NetdataHeader;
import io.spoolgate.vmspool.netdata.NetdataReader;
import io.spoolgate.vmspool.netdata.NetdataWriter;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Seeded fuzzing: real samples and our own writers' output, mutated (bit flips, byte inserts/deletes, truncation,
 * chunk duplication), fed to NetdataReader, PunchCardReader and BsmtpReader (over both). Only the documented
 * {@link SpoolDecodeException} may escape.
 */
class DecoderFuzzTest {

    private static final long SEED = 0x5900_1047L;
    private static final OutputStream SINK = OutputStream.nullOutputStream();

    private int cases;
    private int rejected;

    @Test
    void onlyTheDocumentedDecodeExceptionEscapes() throws IOException {
        Random rnd = new Random(SEED);
        List<byte[]> small = new ArrayList<>();
        List<byte[]> large = new ArrayList<>();
        Path dir = Path.of(System.getProperty("user.dir")).resolve("../../shared/testdata/netdata");
        try (var files = Files.list(dir)) {
            for (Path p : files.filter(p -> !p.getFileName().toString().endsWith(".md")).sorted().toList()) {
                byte[] b = Files.readAllBytes(p);
                (b.length <= 5000 ? small : large).add(b);
            }
        }
        assertThat(small.size() + large.size()).isEqualTo(8);
        small.addAll(ownOutputs());

        for (int i = 0; i < 25_000; i++) {
            byte[] base = small.get(rnd.nextInt(small.size()));
            fuzzAll(mutate(base, rnd));
        }
        for (int i = 0; i < 2_000; i++) {
            byte[] base = large.get(rnd.nextInt(large.size()));
            fuzzNetdata(mutate(base, rnd));
        }
        assertThat(cases).isGreaterThanOrEqualTo(100_000);
        assertThat(rejected).as("mutations must mostly be detected").isGreaterThan(cases / 4);
    }

    /** NETDATA mail, NETDATA BSMTP and BSMTP punch cards from our writers. */
    private static List<byte[]> ownOutputs() throws IOException {
        List<byte[]> out = new ArrayList<>();
        byte[] mail = ("From: a@b\r\nSubject: fuzz\r\n\r\n" + "z".repeat(300) + "\r\n.\r\n \r\nend\r\n").getBytes(StandardCharsets.ISO_8859_1);
        ByteArrayOutputStream nd = new ByteArrayOutputStream();
        try (NetdataWriter w = new NetdataWriter(nd, NetdataHeader.note("GW", "SMTP", "VM1", "USER", Instant.EPOCH, 80))) {
            RecordEncoder.encode(mail, 80, w::writeRecord);
        }
        out.add(nd.toByteArray());

        ByteArrayOutputStream bsmtpNd = new ByteArrayOutputStream();
        try (NetdataWriter w = new NetdataWriter(bsmtpNd, NetdataHeader.file("GW", "SMTP", "VM1", "SMTP", Instant.EPOCH, 400,
                List.of("A", "GW", "MAIL")))) {
            BsmtpWriter b = new BsmtpWriter(w::writeRecord, "gw");
            b.write("a@b", List.of("c@d", "e@f"), new ByteArrayInputStream(mail));
            b.finish();
        }
        out.add(bsmtpNd.toByteArray());

        ByteArrayOutputStream cards = new ByteArrayOutputStream();
        PunchCardWriter pw = new PunchCardWriter(cards);
        BsmtpWriter b = new BsmtpWriter(pw, "gw");
        b.write("", List.of("c@d"), new ByteArrayInputStream(mail));
        b.finish();
        pw.flush();
        out.add(cards.toByteArray());
        return out;
    }

    private static byte[] mutate(byte[] base, Random rnd) {
        byte[] b = base.clone();
        int ops = 1 + rnd.nextInt(3);
        for (int k = 0; k < ops && b.length > 0; k++) {
            int at = rnd.nextInt(b.length);
            switch (rnd.nextInt(6)) {
                case 0 -> b[at] ^= (byte) (1 << rnd.nextInt(8));
                case 1 -> b[at] = (byte) rnd.nextInt(256);
                case 2 -> {
                    byte[] c = new byte[b.length + 1];
                    System.arraycopy(b, 0, c, 0, at);
                    c[at] = (byte) rnd.nextInt(256);
                    System.arraycopy(b, at, c, at + 1, b.length - at);
                    b = c;
                }
                case 3 -> {
                    byte[] c = new byte[b.length - 1];
                    System.arraycopy(b, 0, c, 0, at);
                    System.arraycopy(b, at + 1, c, at, b.length - at - 1);
                    b = c;
                }
                case 4 -> b = java.util.Arrays.copyOf(b, at);
                default -> {
                    int len = Math.min(b.length - at, 1 + rnd.nextInt(120));
                    byte[] c = new byte[b.length + len];
                    System.arraycopy(b, 0, c, 0, at + len);
                    System.arraycopy(b, at, c, at + len, b.length - at);
                    b = c;
                }
            }
        }
        return b;
    }

    private void fuzzAll(byte[] input) throws IOException {
        fuzzNetdata(input);
        run(() -> {
            PunchCardReader r = new PunchCardReader(new ByteArrayInputStream(input), 4096);
            while (r.nextRecord() != null) {
                // drain
            }
        });
        run(() -> drainBsmtp(new BsmtpReader(new PunchCardReader(new ByteArrayInputStream(input), 4096))));
        run(() -> drainBsmtp(new BsmtpReader(new NetdataReader(new ByteArrayInputStream(input), 4096))));
    }

    private void fuzzNetdata(byte[] input) throws IOException {
        run(() -> {
            NetdataReader r = new NetdataReader(new ByteArrayInputStream(input), 65536);
            r.header();
            do {
                while (r.nextRecord() != null) {
                    // drain
                }
            } while (r.nextFile());
        });
    }

    private static void drainBsmtp(BsmtpReader r) throws IOException {
        for (int i = 0; i < 1000 && r.next(SINK) != null; i++) {
            // drain
        }
    }

    private interface Decode {
        void run() throws IOException;
    }

    /** Runs one case; SpoolDecodeException is fine, anything else fails the test with the exception. */
    private void run(Decode d) throws IOException {
        cases++;
        try {
            d.run();
        } catch (SpoolDecodeException expected) {
            rejected++;
            assertThat(expected.getMessage()).isNotBlank();
        }
    }
}
