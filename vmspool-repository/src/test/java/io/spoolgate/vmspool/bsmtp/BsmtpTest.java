package io.spoolgate.vmspool.bsmtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.spoolgate.vmspool.card.PunchCardReader;
import io.spoolgate.vmspool.card.PunchCardWriter;
import io.spoolgate.vmspool.ebcdic.Cp1047;
import io.spoolgate.vmspool.format.RecordSource;
import io.spoolgate.vmspool.netdata.NetdataHeader;
import io.spoolgate.vmspool.netdata.NetdataReader;
import io.spoolgate.vmspool.netdata.NetdataWriter;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.Test;

class BsmtpTest {

    private static final String MESSAGE = "Subject: test\r\n\r\n.leading dot\r\n..two dots\r\nlast line\r\n";

    private static List<String> lines(List<byte[]> records) {
        List<String> out = new ArrayList<>();
        for (byte[] r : records) {
            out.add(Cp1047.decode(r));
        }
        return out;
    }

    private static RecordSource source(String... lines) {
        Deque<byte[]> q = new ArrayDeque<>();
        for (String l : lines) {
            q.add(Cp1047.encode(l));
        }
        return q::poll;
    }

    @Test
    void writerProducesDotStuffedCommandSequence() throws IOException {
        List<byte[]> records = new ArrayList<>();
        BsmtpWriter w = new BsmtpWriter((b, o, l) -> records.add(java.util.Arrays.copyOfRange(b, o, o + l)), "gw.example");
        w.write("", List.of("maint@vm1", "op@vm1"), new ByteArrayInputStream(MESSAGE.getBytes(StandardCharsets.ISO_8859_1)));
        w.finish();
        w.finish();
        assertThat(lines(records)).containsExactly("HELO gw.example", "MAIL FROM:<>", "RCPT TO:<maint@vm1>",
                "RCPT TO:<op@vm1>", "DATA", "Subject: test", " ", "..leading dot", "...two dots", "last line", ".", "QUIT");
    }

    @Test
    void roundTripThroughNetdataIsExact() throws IOException {
        ByteArrayOutputStream nd = new ByteArrayOutputStream();
        NetdataWriter nw = new NetdataWriter(nd, NetdataHeader.file("GW", "SMTP", "VM1", "SMTP", Instant.EPOCH, 255,
                List.of("A", "GW", "MAIL")));
        BsmtpWriter w = new BsmtpWriter(nw::writeRecord, "gw.example");
        String longLine = "x".repeat(1000) + "\r\n";
        w.write("a@b", List.of("c@d"), new ByteArrayInputStream(MESSAGE.getBytes(StandardCharsets.ISO_8859_1)));
        w.write("e@f", List.of("g@h"), new ByteArrayInputStream(longLine.getBytes(StandardCharsets.ISO_8859_1)));
        w.finish();
        nw.close();

        BsmtpReader r = new BsmtpReader(new NetdataReader(new ByteArrayInputStream(nd.toByteArray())));
        ByteArrayOutputStream m1 = new ByteArrayOutputStream();
        BsmtpTransaction t1 = r.next(m1);
        assertThat(t1.helo()).isEqualTo("gw.example");
        assertThat(t1.mailFrom()).isEqualTo("a@b");
        assertThat(t1.rcptTo()).containsExactly("c@d");
        assertThat(m1.toString(StandardCharsets.ISO_8859_1)).isEqualTo(MESSAGE);
        assertThat(t1.messageBytes()).isEqualTo(MESSAGE.length());
        ByteArrayOutputStream m2 = new ByteArrayOutputStream();
        BsmtpTransaction t2 = r.next(m2);
        assertThat(t2.mailFrom()).isEqualTo("e@f");
        assertThat(m2.toString(StandardCharsets.ISO_8859_1)).isEqualTo(longLine);
        assertThat(r.next(new ByteArrayOutputStream())).isNull();
        assertThat(r.next(new ByteArrayOutputStream())).isNull();
    }

    @Test
    void aLineOfOneBlankAndAnEmptyLineStayApartThroughNetdataButNotOnCards() throws IOException {
        String msg = "Subject: blanks\r\n\r\nx\r\n \r\n\r\n  \r\ny\r\n";
        ByteArrayOutputStream nd = new ByteArrayOutputStream();
        NetdataWriter nw = new NetdataWriter(nd, NetdataHeader.file("GW", "SMTP", "VM1", "SMTP", Instant.EPOCH, 255,
            List.of("A", "GW", "MAIL")));
        BsmtpWriter w = new BsmtpWriter(nw::writeRecord, "gw.example");
        w.write("a@b", List.of("c@d"), new ByteArrayInputStream(msg.getBytes(StandardCharsets.ISO_8859_1)));
        w.finish();
        nw.close();
        ByteArrayOutputStream m = new ByteArrayOutputStream();
        new BsmtpReader(new NetdataReader(new ByteArrayInputStream(nd.toByteArray()))).next(m);
        assertThat(m.toString(StandardCharsets.ISO_8859_1)).isEqualTo(msg);

        // cards are blank-padded: a line of blanks can only come back empty (documented on BsmtpWriter)
        ByteArrayOutputStream cards = new ByteArrayOutputStream();
        PunchCardWriter pw = new PunchCardWriter(cards);
        BsmtpWriter wc = new BsmtpWriter(pw, "gw");
        wc.write("a@b", List.of("c@d"), new ByteArrayInputStream(msg.getBytes(StandardCharsets.ISO_8859_1)));
        wc.finish();
        pw.flush();
        ByteArrayOutputStream mc = new ByteArrayOutputStream();
        new BsmtpReader(new PunchCardReader(new ByteArrayInputStream(cards.toByteArray()))).next(mc);
        assertThat(mc.toString(StandardCharsets.ISO_8859_1)).isEqualTo("Subject: blanks\r\n\r\nx\r\n\r\n\r\n\r\ny\r\n");
    }

    @Test
    void roundTripThroughPunchCardsFoldsLongLines() throws IOException {
        ByteArrayOutputStream cards = new ByteArrayOutputStream();
        PunchCardWriter pw = new PunchCardWriter(cards);
        BsmtpWriter w = new BsmtpWriter(pw, "gw");
        String msg = "Subject: " + "y".repeat(170) + "\r\n\r\nbody\r\n";
        w.write("a@b", List.of("c@d"), new ByteArrayInputStream(msg.getBytes(StandardCharsets.ISO_8859_1)));
        w.finish();
        pw.flush();
        assertThat(cards.size() % 80).isZero();
        BsmtpReader r = new BsmtpReader(new PunchCardReader(new ByteArrayInputStream(cards.toByteArray())));
        ByteArrayOutputStream m = new ByteArrayOutputStream();
        assertThat(r.next(m).rcptTo()).containsExactly("c@d");
        assertThat(m.toString(StandardCharsets.ISO_8859_1)).isEqualTo(msg);
        assertThat(r.next(m)).isNull();
    }

    @Test
    void readerAcceptsCardPaddingCaseAndTick() throws IOException {
        BsmtpReader r = new BsmtpReader(source("tick 1234", "helo vm1.example      ", "mail from: <x@y> SIZE=10  ",
                "rcpt to:<z@w>   ", "data", "hello", ".     ", "quit"));
        ByteArrayOutputStream m = new ByteArrayOutputStream();
        BsmtpTransaction t = r.next(m);
        assertThat(t.helo()).isEqualTo("vm1.example");
        assertThat(t.mailFrom()).isEqualTo("x@y");
        assertThat(t.firstRecord()).isEqualTo(3);
        assertThat(m.toString(StandardCharsets.ISO_8859_1)).isEqualTo("hello\r\n");
        assertThat(r.next(m)).isNull();
    }

    @Test
    void rsetDiscardsTheEnvelope() throws IOException {
        BsmtpReader r = new BsmtpReader(source("MAIL FROM:<a@b>", "RSET", "MAIL FROM:<c@d>", "RCPT TO:<e@f>", "DATA", ".", "QUIT"));
        assertThat(r.next(new ByteArrayOutputStream()).mailFrom()).isEqualTo("c@d");
    }

    @Test
    void errorsNameTheRecord() {
        assertError(source("HELO x", "RCPT TO:<a@b>"), "RCPT TO without MAIL FROM", 2);
        assertError(source("HELO x", "DATA"), "DATA without MAIL FROM", 2);
        assertError(source("MAIL FROM:<a@b>", "DATA"), "DATA without RCPT TO", 2);
        assertError(source("HELO x", "FOO bar"), "unknown or malformed command", 2);
        assertError(source("MAIL FROM:<a@b>", "RCPT TO:<c@d>", "DATA", "text"), "'.' line is missing", 5);
        assertError(source("MAIL FROM:<a@b>", "RCPT TO:<c@d>"), "records end inside a transaction", 3);
        assertError(source("MAIL FROM:<a@b>", "QUIT"), "QUIT inside a transaction", 2);
        assertError(source("MAIL FROM:<a@b>", "RCPT TO:<>"), "empty forward path", 2);
        assertError(source("MAIL FROM:<a@b", "RCPT TO:<c@d>"), "closing '>'", 1);
        assertError(source("MAIL FROM:<a@b>", "MAIL FROM:<a@b>"), "inside a transaction", 2);
    }

    @Test
    void recipientCap() {
        assertThatThrownBy(() -> new BsmtpReader(source("MAIL FROM:<a@b>", "RCPT TO:<1@x>", "RCPT TO:<2@x>"), 1)
                .next(new ByteArrayOutputStream())).isInstanceOf(BsmtpException.class).hasMessageContaining("more than 1");
    }

    @Test
    void writerRejectsBadAddresses() {
        BsmtpWriter w = new BsmtpWriter((b, o, l) -> { }, "gw");
        assertThatThrownBy(() -> w.write("a b", List.of("c@d"), new ByteArrayInputStream(new byte[0])))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("index 1");
        assertThatThrownBy(() -> w.write("a@b", List.of(), new ByteArrayInputStream(new byte[0])))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> w.write("a@b", List.of("x\r\n@y"), new ByteArrayInputStream(new byte[0])))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static void assertError(RecordSource src, String what, long record) {
        assertThatThrownBy(() -> {
            BsmtpReader r = new BsmtpReader(src);
            while (r.next(new ByteArrayOutputStream()) != null) {
                // consume
            }
        }).isInstanceOf(BsmtpException.class).hasMessageContaining(what)
                .satisfies(e -> assertThat(((BsmtpException) e).recordNumber()).isEqualTo(record));
    }
}
