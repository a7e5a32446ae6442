package io.spoolgate.vmspool.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.spoolgate.vmspool.bsmtp.BsmtpWriter;
import io.spoolgate.vmspool.card.PunchCardReader;
import io.spoolgate.vmspool.card.PunchCardWriter;
import io.spoolgate.vmspool.format.RecordDecoder;
import io.spoolgate.vmspool.format.RecordEncoder;
import io.spoolgate.vmspool.netdata.NetdataHeader;
import io.spoolgate.vmspool.netdata.NetdataReader;
import io.spoolgate.vmspool.netdata.NetdataWriter;
import io.spoolgate.vmspool.spool.DeliveryFormat;
import io.spoolgate.vmspool.spool.ReaderFileDecoder;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Coverage-guided round trips of the codecs that have encoders, decode(encode(x)) == x for fuzzed x:
 * <ul>
 * <li>{@link RecordEncoder}/{@link RecordDecoder} at a fuzzed record length and chunking (the mail gains a final CRLF
 * when it lacks one, as documented);</li>
 * <li>{@link NetdataWriter}/{@link NetdataReader}: fuzzed records of any length come back byte for byte, and a mail
 * written as a CMS NOTE comes back through the reader-file path;</li>
 * <li>{@link PunchCardWriter}/{@link PunchCardReader}: records come back without their trailing blanks;</li>
 * <li>{@link BsmtpWriter}/BSMTP reader in NETDATA: a path the writer accepts is read back, with the envelope and the
 * message (its lines ending in CRLF).</li>
 * </ul>
 * Seeds: {@code RoundTripJazzerTestInputs/roundTrip/}.
 */
class RoundTripJazzerTest {

    private static final Instant WHEN = Instant.parse("2024-05-06T07:08:09Z");

    @FuzzTest(maxDuration = "10m")
    void roundTrip(FuzzedDataProvider data) throws IOException {
        switch (data.consumeInt(0, 3)) {
            case 0 -> recordCodec(data);
            case 1 -> netdataRecords(data);
            case 2 -> punchCards(data);
            default -> bsmtp(data);
        }
    }

    /** What the decoders give back for a mail: the same octets, plus CRLF if the last line was not ended. */
    private static byte[] normalised(byte[] mail) {
        int n = mail.length;
        if (n == 0 || (n >= 2 && mail[n - 2] == '\r' && mail[n - 1] == '\n')) {
            return mail;
        }
        byte[] r = Arrays.copyOf(mail, n + 2);
        r[n] = '\r';
        r[n + 1] = '\n';
        return r;
    }

    private static void recordCodec(FuzzedDataProvider data) throws IOException {
        int lrecl = data.consumeInt(2, 300);
        int chunk = data.consumeInt(1, 64);
        byte[] mail = data.consumeRemainingAsBytes();
        ByteArrayOutputStream back = new ByteArrayOutputStream();
        RecordDecoder decoder = new RecordDecoder(lrecl, back);
        RecordEncoder encoder = new RecordEncoder(lrecl, (b, off, len) -> {
            Fuzzing.check(len <= lrecl, "record of " + len + " bytes exceeds lrecl " + lrecl);
            decoder.record(b, off, len);
        });
        for (int off = 0; off < mail.length; off += chunk) {
            encoder.write(mail, off, Math.min(chunk, mail.length - off));
        }
        encoder.finish();
        decoder.finish();
        same(normalised(mail), back.toByteArray(), "RecordEncoder/RecordDecoder, lrecl " + lrecl + ", chunk " + chunk);
    }

    private static void netdataRecords(FuzzedDataProvider data) throws IOException {
        boolean note = data.consumeBoolean();
        if (note) {
            int lrecl = data.consumeInt(2, 400);
            byte[] mail = data.consumeRemainingAsBytes();
            ByteArrayOutputStream nd = new ByteArrayOutputStream();
            try (NetdataWriter w = new NetdataWriter(nd, NetdataHeader.note("GW", "SMTP", "VM1", "USER", WHEN, lrecl))) {
                RecordEncoder.encode(mail, lrecl, w::writeRecord);
            }
            ByteArrayOutputStream back = new ByteArrayOutputStream();
            ReaderFileDecoder.decodeMessage(DeliveryFormat.NETDATA, new ByteArrayInputStream(nd.toByteArray()), back);
            same(normalised(mail), back.toByteArray(), "NETDATA note, lrecl " + lrecl);
            return;
        }
        List<byte[]> records = new ArrayList<>();
        while (data.remainingBytes() > 0 && records.size() < 200) {
            records.add(data.consumeBytes(data.consumeInt(0, 700)));
        }
        ByteArrayOutputStream nd = new ByteArrayOutputStream();
        try (NetdataWriter w = new NetdataWriter(nd, NetdataHeader.file("GW", "SMTP", "VM1", "USER", WHEN, 80, List.of("A", "FUZZ", "DATA")))) {
            for (byte[] r : records) {
                w.writeRecord(r, 0, r.length);
            }
        }
        Fuzzing.check(nd.size() % 80 == 0, "NETDATA output is not whole 80-byte cards: " + nd.size());
        NetdataReader reader = new NetdataReader(new ByteArrayInputStream(nd.toByteArray()));
        reader.header();
        for (int i = 0; i < records.size(); i++) {
            byte[] got = reader.nextRecord();
            Fuzzing.check(got != null, "record " + (i + 1) + " of " + records.size() + " missing");
            same(records.get(i), got, "NETDATA record " + (i + 1));
        }
        Fuzzing.check(reader.nextRecord() == null && !reader.nextFile() && reader.isComplete(), "extra records or no trailer");
    }

    private static void punchCards(FuzzedDataProvider data) throws IOException {
        List<byte[]> records = new ArrayList<>();
        while (data.remainingBytes() > 0 && records.size() < 200) {
            records.add(data.consumeBytes(data.consumeInt(0, 400)));
        }
        ByteArrayOutputStream cards = new ByteArrayOutputStream();
        PunchCardWriter w = new PunchCardWriter(cards);
        for (byte[] r : records) {
            w.record(r);
        }
        w.flush();
        Fuzzing.check(cards.size() == 80 * w.cardCount(), "card bytes " + cards.size() + " for " + w.cardCount() + " cards");
        PunchCardReader reader = new PunchCardReader(new ByteArrayInputStream(cards.toByteArray()));
        for (int i = 0; i < records.size(); i++) {
            byte[] r = records.get(i);
            int end = r.length;
            while (end > 0 && r[end - 1] == 0x40) {
                end--;
            }
            byte[] got = reader.nextRecord();
            Fuzzing.check(got != null, "card record " + (i + 1) + " missing");
            same(Arrays.copyOf(r, end), got, "punch card record " + (i + 1));
        }
        Fuzzing.check(reader.nextRecord() == null, "extra card records");
    }

    private static void bsmtp(FuzzedDataProvider data) throws IOException {
        String from = path(data, true);
        List<String> rcpts = new ArrayList<>();
        int count = data.consumeInt(1, 5);
        for (int i = 0; i < count; i++) {
            rcpts.add(path(data, false));
        }
        byte[] mail = data.consumeRemainingAsBytes();
        ByteArrayOutputStream nd = new ByteArrayOutputStream();
        try (NetdataWriter w = new NetdataWriter(nd, NetdataHeader.file("GW", "SMTP", "VM1", "SMTP", WHEN, 400, List.of("A", "GW", "MAIL")))) {
            BsmtpWriter b = new BsmtpWriter(w::writeRecord, "gw.example");
            try {
                b.write(from, rcpts, new ByteArrayInputStream(mail));
            } catch (IllegalArgumentException refused) {
                return; // documented: the writer refuses a path it cannot write; what it accepts must read back
            }
            b.finish();
        }
        NetdataReader reader = new NetdataReader(new ByteArrayInputStream(nd.toByteArray()));
        reader.header();
        List<Fuzzing.Transaction> txs = Fuzzing.drainBsmtp(reader);
        Fuzzing.check(txs.size() == 1, txs.size() + " transactions read back, 1 written");
        Fuzzing.Transaction tx = txs.get(0);
        Fuzzing.check(tx.envelope().mailFrom().equals(from), "MAIL FROM '" + tx.envelope().mailFrom() + "' != '" + from + "'");
        Fuzzing.check(tx.envelope().rcptTo().equals(rcpts), "RCPT TO " + tx.envelope().rcptTo() + " != " + rcpts);
        Fuzzing.check("gw.example".equals(tx.envelope().helo()), "HELO " + tx.envelope().helo());
        same(normalised(mail), tx.message(), "BSMTP message");
    }

    /** A path without blanks or brackets; other characters (DEL, C1 controls, non-Latin-1) are left for BsmtpWriter to judge. */
    private static String path(FuzzedDataProvider data, boolean emptyAllowed) {
        String raw = data.consumeString(40);
        StringBuilder sb = new StringBuilder();
        for (char c : raw.toCharArray()) {
            if (c > ' ' && c != '<' && c != '>') {
                sb.append(c);
            }
        }
        if (sb.length() == 0 && !emptyAllowed) {
            sb.append("user@example.org");
        }
        return sb.toString();
    }

    private static void same(byte[] expected, byte[] actual, String what) {
        if (!Arrays.equals(expected, actual)) {
            int i = Arrays.mismatch(expected, actual);
            throw new AssertionError(what + ": round trip differs at byte " + i + " (expected " + expected.length
                + " bytes, got " + actual.length + ")");
        }
    }
}
