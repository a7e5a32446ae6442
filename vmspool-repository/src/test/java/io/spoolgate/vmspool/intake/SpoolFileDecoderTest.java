package io.spoolgate.vmspool.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.spoolgate.vmspool.card.PunchCardWriter;
import io.spoolgate.vmspool.ebcdic.Cp1047;
import io.spoolgate.vmspool.format.SpoolDecodeException;
import io.spoolgate.vmspool.format.SpoolFormat;
import io.spoolgate.vmspool.spool.DeliveryFormat;
import io.spoolgate.vmspool.spool.PunchRequest;
import io.spoolgate.vmspool.spool.ReaderFileEncoder;
import io.spoolgate.vmspool.spool.VmUserid;

/** Golden inputs of every kind a VM user can punch to SMTP, and hostile ones, through the intake decoder. */
class SpoolFileDecoderTest {

    private static final SpoolOrigin ORIGIN = new SpoolOrigin("USER7", "VMNODE", 12);

    @TempDir
    Path work;

    private SpoolFileDecoder.Decoded decode(byte[] data) throws IOException {
        return new SpoolFileDecoder(work).decode(new ByteArrayInputStream(data), ORIGIN);
    }

    private static byte[] cards(String... lines) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PunchCardWriter w = new PunchCardWriter(out);
        for (String l : lines) {
            byte[] e = Cp1047.encode(l);
            w.record(e, 0, e.length);
        }
        w.flush();
        return out.toByteArray();
    }

    private static String text(IntakeMail m) throws IOException {
        return Files.readString(m.message(), StandardCharsets.ISO_8859_1);
    }

    @Test
    void bsmtpCardsGiveOneMailPerTransactionWithItsEnvelope() throws IOException {
        SpoolFileDecoder.Decoded d = decode(cards("HELO VMNODE", "MAIL FROM:<USER7@VMNODE>", "RCPT TO:<a@x.example>",
            "RCPT TO:<b@y.example>", "DATA", "Subject: one", "", "..dot", ".", "MAIL FROM:<>", "RCPT TO:<c@z.example>",
            "DATA", "Subject: two", "", "body", ".", "QUIT"));
        assertThat(d.format()).isEqualTo(SpoolFormat.BSMTP);
        assertThat(d.mails()).hasSize(2);
        IntakeMail first = d.mails().get(0);
        assertThat(first.envelope().orElseThrow().mailFrom()).isEqualTo("USER7@VMNODE");
        assertThat(first.envelope().orElseThrow().rcptTo()).containsExactly("a@x.example", "b@y.example");
        assertThat(first.envelope().orElseThrow().helo()).isEqualTo("VMNODE");
        assertThat(text(first)).isEqualTo("Subject: one\r\n\r\n.dot\r\n");
        assertThat(d.mails().get(1).envelope().orElseThrow().mailFrom()).isEmpty();
        assertThat(d.mails().get(1).transaction()).isEqualTo(1);
    }

    @Test
    void aPlainNoteIsOneMailWithoutEnvelopeAndTrailingPaddingStripped() throws IOException {
        SpoolFileDecoder.Decoded d = decode(cards("To: user1@vm.example", "Subject: hi", "", "text   "));
        assertThat(d.format()).isEqualTo(SpoolFormat.PLAIN);
        assertThat(d.mails()).singleElement().satisfies(m -> {
            assertThat(m.envelope()).isEmpty();
            assertThat(text(m)).isEqualTo("To: user1@vm.example\r\nSubject: hi\r\n\r\ntext\r\n");
        });
    }

    @Test
    void netdataFromOurWriterRoundTripsAndCarriesItsOrigin() throws IOException {
        byte[] message = "To: u@vm.example\r\nSubject: s\r\n\r\n \r\nline\r\n".getBytes(StandardCharsets.ISO_8859_1);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PunchRequest req = new PunchRequest(VmUserid.of("SMTP"), 'A', "X", "NOTE", VmUserid.of("USER9"), "NODE9",
            DeliveryFormat.NETDATA, "k", "", List.of());
        new ReaderFileEncoder("NODE9", "h", ReaderFileEncoder.AUTO_LRECL)
            .encode(req, Instant.now(), () -> new ByteArrayInputStream(message), message.length, out);
        SpoolFileDecoder.Decoded d = decode(out.toByteArray());
        assertThat(d.format()).isEqualTo(SpoolFormat.NETDATA);
        IntakeMail m = d.mails().get(0);
        assertThat(Files.readAllBytes(m.message())).isEqualTo(message);
        assertThat(m.origin().userid()).isEqualTo("USER9");
        assertThat(m.origin().node()).isEqualTo("NODE9");
    }

    @Test
    void bsmtpInsideNetdataIsRecognisedFromTheData() throws IOException {
        byte[] message = "Subject: b\r\n\r\nbody\r\n".getBytes(StandardCharsets.ISO_8859_1);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PunchRequest req = new PunchRequest(VmUserid.of("SMTP"), 'A', "X", "MAIL", VmUserid.of("MAILER"), "VMNODE",
            DeliveryFormat.BSMTP, "k", "list@vm.example", List.of("a@x.example"));
        new ReaderFileEncoder("VMNODE", "h", ReaderFileEncoder.AUTO_LRECL)
            .encode(req, Instant.now(), () -> new ByteArrayInputStream(message), message.length, out);
        SpoolFileDecoder.Decoded d = decode(out.toByteArray());
        assertThat(d.mails()).singleElement().satisfies(m -> {
            assertThat(m.envelope().orElseThrow().mailFrom()).isEqualTo("list@vm.example");
            assertThat(Files.readAllBytes(m.message())).isEqualTo(message);
            assertThat(m.origin().userid()).isEqualTo("MAILER");
        });
    }

    @Test
    void theRealCmsNoteOf1993IsAMailNote() throws IOException {
        Path sample = Path.of(System.getProperty("user.dir")).resolve("../../shared/testdata/netdata/vm-cms-note-1993.netdata");
        SpoolFileDecoder.Decoded d = decode(Files.readAllBytes(sample));
        assertThat(d.format()).isEqualTo(SpoolFormat.NETDATA);
        String note = text(d.mails().get(0));
        assertThat(note).contains("Date:", "From:", "To:");
        assertThat(d.mails().get(0).origin().userid()).isNotBlank();
    }

    @Test
    void brokenFilesAreDecodeErrorsAndLeaveNoTemporaryFiles() throws IOException {
        List<byte[]> bad = List.of(
            new byte[0],
            cards("HELO X", "MAIL FROM:<a@b>", "DATA", "x", ".", "QUIT"),
            cards("HELO X", "MAIL FROM:<a@b>", "RCPT TO:<c@d>", "DATA", "no end of data"),
            cards("\u0001\u0002 binary junk", "more"),
            java.util.Arrays.copyOf(cards("HELO X"), 70));
        for (byte[] b : bad) {
            assertThatThrownBy(() -> decode(b)).isInstanceOf(SpoolDecodeException.class);
        }
        try (var files = Files.list(work)) {
            assertThat(files).isEmpty();
        }
    }

    /** Random and mutated files: nothing but the documented decode error escapes, nothing is left behind. */
    @Test
    void fuzzedFilesOnlyEverFailWithADecodeError() throws IOException {
        Random r = new Random(20261124);
        List<byte[]> seeds = List.of(
            cards("HELO VMNODE", "MAIL FROM:<USER7@VMNODE>", "RCPT TO:<a@x.example>", "DATA", "Subject: one", "", "x", ".", "QUIT"),
            cards("To: user1@vm.example", "Subject: hi", "", "text"),
            Files.readAllBytes(Path.of(System.getProperty("user.dir")).resolve("../../shared/testdata/netdata/vm-cms-note-1993.netdata")));
        int decoded = 0;
        int refused = 0;
        for (int i = 0; i < 20_000; i++) {
            byte[] input;
            if (i % 4 == 0) {
                input = new byte[r.nextInt(400)];
                r.nextBytes(input);
            } else {
                byte[] seed = seeds.get(r.nextInt(seeds.size()));
                input = seed.clone();
                int edits = 1 + r.nextInt(4);
                for (int e = 0; e < edits && input.length > 0; e++) {
                    int at = r.nextInt(input.length);
                    switch (r.nextInt(3)) {
                        case 0 -> input[at] = (byte) r.nextInt(256);
                        case 1 -> input = java.util.Arrays.copyOf(input, at);
                        default -> {
                            byte[] longer = new byte[input.length + 1];
                            System.arraycopy(input, 0, longer, 0, at);
                            longer[at] = (byte) r.nextInt(256);
                            System.arraycopy(input, at, longer, at + 1, input.length - at);
                            input = longer;
                        }
                    }
                }
            }
            try {
                SpoolFileDecoder.Decoded d = decode(input);
                SpoolFileDecoder.discard(d.mails());
                decoded++;
            } catch (SpoolDecodeException expected) {
                refused++;
            }
        }
        assertThat(decoded + refused).isEqualTo(20_000);
        assertThat(refused).isPositive();
        assertThat(decoded).isPositive();
        try (var files = Files.list(work)) {
            assertThat(files).isEmpty();
        }
    }
}
