package io.spoolgate.vmspool.spool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import io.spoolgate.vmspool.bsmtp.BsmtpTransaction;
import io.spoolgate.vmspool.netdata.NetdataReader;

class ReaderFileEncoderTest {

    private static PunchRequest request(DeliveryFormat format) {
        return new PunchRequest(VmUserid.of("USER1"), 'A', "alice", "MAIL", VmUserid.of("SMTP"), "VMNODE", format,
            "k", "alice@example.org", List.of("user1@vm.example", "user2@vm.example"));
    }

    private static byte[] encode(ReaderFileEncoder encoder, DeliveryFormat format, byte[] message, long[] records)
        throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        records[0] = encoder.encode(request(format), Instant.parse("2026-11-24T03:00:00Z"),
            () -> new ByteArrayInputStream(message), message.length, out);
        return out.toByteArray();
    }

    private static byte[] randomMail(Random r, int lines) {
        ByteArrayOutputStream m = new ByteArrayOutputStream();
        for (int i = 0; i < lines; i++) {
            int len = switch (r.nextInt(6)) {
                case 0 -> 0;
                case 1 -> 1;
                case 2 -> 79 + r.nextInt(3);
                case 3 -> 200 + r.nextInt(3000);
                default -> r.nextInt(78);
            };
            for (int j = 0; j < len; j++) {
                int b = r.nextInt(256);
                m.write(b == '\r' || b == '\n' ? 'x' : b);
            }
            m.writeBytes("\r\n".getBytes(StandardCharsets.ISO_8859_1));
        }
        return m.toByteArray();
    }

    @Test
    void netdataRoundTripsAnyOctetsWithAutoAndFixedRecordLengths() throws IOException {
        Random r = new Random(42);
        for (int lrecl : new int[] {ReaderFileEncoder.AUTO_LRECL, 80, 133}) {
            ReaderFileEncoder encoder = new ReaderFileEncoder("VMNODE", "vm.example", lrecl);
            for (int round = 0; round < 30; round++) {
                byte[] mail = randomMail(r, 1 + r.nextInt(40));
                long[] records = new long[1];
                byte[] cards = encode(encoder, DeliveryFormat.NETDATA, mail, records);
                assertThat(cards.length % 80).isZero();
                ByteArrayOutputStream back = new ByteArrayOutputStream();
                assertThat(ReaderFileDecoder.decodeMessage(DeliveryFormat.NETDATA, new ByteArrayInputStream(cards), back))
                    .isNull();
                assertThat(back.toByteArray()).as("lrecl " + lrecl + " round " + round).isEqualTo(mail);
                if (lrecl == ReaderFileEncoder.AUTO_LRECL) {
                    assertThat(records[0]).as("one record per line").isEqualTo(mail.length == 0 ? 0 : countLines(mail));
                }
            }
        }
    }

    @Test
    void autoRecordLengthIsTheLongestLinePlusOneAndAtLeast80() throws IOException {
        ReaderFileEncoder encoder = new ReaderFileEncoder("VMNODE", "vm.example", ReaderFileEncoder.AUTO_LRECL);
        byte[] mail = ("short\r\n" + "y".repeat(500) + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
        NetdataReader reader = new NetdataReader(new ByteArrayInputStream(encode(encoder, DeliveryFormat.NETDATA, mail, new long[1])));
        assertThat(reader.header().file(1).lrecl()).isEqualTo(501);
        byte[] small = "a\r\n".getBytes(StandardCharsets.ISO_8859_1);
        reader = new NetdataReader(new ByteArrayInputStream(encode(encoder, DeliveryFormat.NETDATA, small, new long[1])));
        assertThat(reader.header().file(1).lrecl()).isEqualTo(80);
    }

    @Test
    void bsmtpInNetdataAndOnCardsCarryTheEnvelopeAndTheMessage() throws IOException {
        byte[] mail = ("Subject: x\r\n\r\n.dot\r\n" + "z".repeat(300) + "\r\nlast\r\n").getBytes(StandardCharsets.ISO_8859_1);
        ReaderFileEncoder encoder = new ReaderFileEncoder("VMNODE", "vm.example", ReaderFileEncoder.AUTO_LRECL);
        for (DeliveryFormat format : List.of(DeliveryFormat.BSMTP, DeliveryFormat.BSMTP_CARDS)) {
            long[] records = new long[1];
            byte[] data = encode(encoder, format, mail, records);
            assertThat(data.length % 80).isZero();
            ByteArrayOutputStream back = new ByteArrayOutputStream();
            BsmtpTransaction tx = ReaderFileDecoder.decodeMessage(format, new ByteArrayInputStream(data), back);
            assertThat(tx.helo()).isEqualTo("vm.example");
            assertThat(tx.mailFrom()).isEqualTo("alice@example.org");
            assertThat(tx.rcptTo()).containsExactly("user1@vm.example", "user2@vm.example");
            assertThat(back.toByteArray()).as(format.name()).isEqualTo(mail);
            // HELO, MAIL, 2 RCPT, DATA, 5 lines, ".", QUIT
            assertThat(records[0]).isEqualTo(12);
        }
    }

    @Test
    void aFixedRecordLengthBelow80IsRefused() {
        assertThatThrownBy(() -> new ReaderFileEncoder("VMNODE", "h", 40)).hasMessageContaining("at least 80");
    }

    private static long countLines(byte[] mail) {
        long n = 0;
        for (int i = 1; i < mail.length; i++) {
            if (mail[i] == '\n' && mail[i - 1] == '\r') {
                n++;
            }
        }
        return n;
    }

    @Test
    void aSmallMessageIsReadFromItsSourceOnceALargeOneStreamedTwice() throws IOException {
        ReaderFileEncoder encoder = new ReaderFileEncoder("VMNODE", "vm.example", ReaderFileEncoder.AUTO_LRECL);
        byte[] small = ("Subject: s\r\n\r\n" + "w".repeat(300) + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
        byte[] large = new byte[(int) ReaderFileEncoder.READ_ONCE_LIMIT + 10];
        java.util.Arrays.fill(large, (byte) 'q');
        large[large.length - 2] = '\r';
        large[large.length - 1] = '\n';
        for (byte[] mail : List.of(small, large)) {
            int[] opened = new int[1];
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            encoder.encode(request(DeliveryFormat.NETDATA), Instant.parse("2026-11-24T03:00:00Z"), () -> {
                opened[0]++;
                return new ByteArrayInputStream(mail);
            }, mail.length, out);
            assertThat(opened[0]).as(mail.length + " bytes").isEqualTo(mail == small ? 1 : 2);
            ByteArrayOutputStream back = new ByteArrayOutputStream();
            ReaderFileDecoder.decodeMessage(DeliveryFormat.NETDATA, new ByteArrayInputStream(out.toByteArray()), back);
            assertThat(back.toByteArray()).isEqualTo(mail);
        }
        // a size hint that is too small: still right, the message is streamed twice
        int[] opened = new int[1];
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        encoder.encode(request(DeliveryFormat.NETDATA), Instant.parse("2026-11-24T03:00:00Z"), () -> {
            opened[0]++;
            return new ByteArrayInputStream(large);
        }, 100, out);
        assertThat(opened[0]).isEqualTo(3);
        ByteArrayOutputStream back = new ByteArrayOutputStream();
        ReaderFileDecoder.decodeMessage(DeliveryFormat.NETDATA, new ByteArrayInputStream(out.toByteArray()), back);
        assertThat(back.toByteArray()).isEqualTo(large);
    }
}
