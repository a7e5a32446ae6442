package io.spoolgate.vmspool.format;

import static org.assertj.core.api.Assertions.assertThat;

import io.spoolgate.vmspool.ebcdic.Cp1047;
import io.spoolgate.vmspool.netdata.NetdataHeader;
import io.spoolgate.vmspool.netdata.NetdataReader;
import io.spoolgate.vmspool.netdata.NetdataWriter;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RecordCodecTest {

    private static List<String> records(String mail, int lrecl) throws IOException {
        List<String> out = new ArrayList<>();
        RecordEncoder.encode(mail.getBytes(StandardCharsets.ISO_8859_1), lrecl,
                (b, off, len) -> out.add(Cp1047.decode(b, off, len)));
        return out;
    }

    @Test
    void encodingRules() throws IOException {
        assertThat(records("", 4)).isEmpty();
        assertThat(records("\r\n", 4)).containsExactly(" ");
        assertThat(records(" \r\n", 4)).containsExactly("");
        assertThat(records("abc\r\n", 4)).containsExactly("abc");
        assertThat(records("abcd\r\n", 4)).containsExactly("abcd", "");
        assertThat(records("abcde\r\n", 4)).containsExactly("abcd", "e");
        assertThat(records("abcdefgh\r\n", 4)).containsExactly("abcd", "efgh", "");
        assertThat(records("abcd \r\n", 4)).containsExactly("abcd", " ");
        assertThat(records("a\rb\nc\r\n", 10)).containsExactly("a\rb\nc");
        assertThat(records("no crlf", 80)).containsExactly("no crlf");
        assertThat(records("x\r", 80)).containsExactly("x\r");
    }

    @Test
    void anyChunkingGivesTheSameRecords() throws IOException {
        byte[] mail = "line one\r\n\r\n \r\nabcdefghij\r\nx\ry\r\n".getBytes(StandardCharsets.ISO_8859_1);
        List<String> whole = new ArrayList<>();
        RecordEncoder.encode(mail, 5, (b, o, l) -> whole.add(Cp1047.decode(b, o, l)));
        for (int chunk = 1; chunk <= mail.length; chunk++) {
            List<String> got = new ArrayList<>();
            RecordEncoder enc = new RecordEncoder(5, (b, o, l) -> got.add(Cp1047.decode(b, o, l)));
            for (int i = 0; i < mail.length; i += chunk) {
                enc.write(mail, i, Math.min(chunk, mail.length - i));
            }
            enc.finish();
            assertThat(got).as("chunk %d", chunk).isEqualTo(whole);
        }
    }

    @Test
    void crlfAcrossInternalBlockBoundariesInOneLargeWrite() throws IOException {
        for (int at = 8180; at < 8200; at++) {
            byte[] mail = new byte[20_000];
            java.util.Arrays.fill(mail, (byte) 'q');
            mail[at] = '\r';
            mail[at + 1] = '\n';
            mail[at + 40] = '\r'; // a bare CR near the boundary
            mail[16383] = '\r';
            mail[16384] = '\n';
            mail[mail.length - 2] = '\r';
            mail[mail.length - 1] = '\n';
            for (int lrecl : new int[] {80, 8192, 30_000}) {
                assertThat(roundTrip(mail, lrecl)).as("CRLF at %d, lrecl %d", at, lrecl).isEqualTo(mail);
            }
        }
    }

    @Test
    void longestLine() throws IOException {
        assertThat(RecordEncoder.longestLine(new ByteArrayInputStream("ab\r\nabcdef\r\n\r\nx".getBytes(StandardCharsets.ISO_8859_1)))).isEqualTo(6);
        assertThat(RecordEncoder.longestLine(new ByteArrayInputStream(new byte[0]))).isZero();
        assertThat(RecordEncoder.longestLine(new ByteArrayInputStream("a\rb\r\n".getBytes(StandardCharsets.ISO_8859_1)))).isEqualTo(3);
    }

    @Test
    void decoderEndsAnOpenContinuation() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        RecordDecoder d = new RecordDecoder(3, out);
        d.record(Cp1047.encode("abc"));
        d.finish();
        assertThat(out.toString(StandardCharsets.ISO_8859_1)).isEqualTo("abc\r\n");
    }

    /** Round trip through RecordEncoder -> NetdataWriter -> NetdataReader -> RecordDecoder, byte-exact. */
    static byte[] roundTrip(byte[] mail, int lrecl) throws IOException {
        ByteArrayOutputStream netdata = new ByteArrayOutputStream();
        NetdataWriter w = new NetdataWriter(netdata, NetdataHeader.note("GW", "SMTP", "VM", "USER", Instant.EPOCH, lrecl));
        RecordEncoder enc = new RecordEncoder(lrecl, w::writeRecord);
        enc.write(mail, 0, mail.length);
        enc.finish();
        w.close();
        assertThat(netdata.size() % 80).isZero();
        ByteArrayOutputStream back = new ByteArrayOutputStream();
        RecordDecoder dec = new RecordDecoder(lrecl, back);
        NetdataReader r = new NetdataReader(new ByteArrayInputStream(netdata.toByteArray()));
        while (r.nextRecord(dec)) {
            // records flow into the decoder
        }
        dec.finish();
        assertThat(r.isComplete()).isTrue();
        return back.toByteArray();
    }

    @Test
    void propertyRandomMailsRoundTripByteExactly() throws IOException {
        Random rnd = new Random(20261124);
        int[] lrecls = {2, 3, 7, 80, 132, 253, 254, 300};
        for (int c = 0; c < 1500; c++) {
            int lrecl = lrecls[rnd.nextInt(lrecls.length)];
            byte[] mail = randomMail(rnd, lrecl);
            assertThat(roundTrip(mail, lrecl)).as("case %d lrecl %d", c, lrecl).isEqualTo(mail);
        }
        assertThat(roundTrip(new byte[0], 80)).isEmpty();
    }

    /** Lines built from all 256 byte values, blanks, and lengths around L, 2L, 253; always ends with CRLF. */
    static byte[] randomMail(Random rnd, int lrecl) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int lines = rnd.nextInt(12);
        for (int i = 0; i < lines; i++) {
            int kind = rnd.nextInt(8);
            int n = switch (kind) {
                case 0 -> 0;
                case 1 -> lrecl;
                case 2 -> lrecl - 1;
                case 3 -> 2 * lrecl;
                case 4 -> 1;
                case 5 -> rnd.nextInt(600);
                default -> rnd.nextInt(lrecl + 2);
            };
            byte[] line = new byte[n];
            int style = rnd.nextInt(4);
            for (int k = 0; k < n; k++) {
                line[k] = switch (style) {
                    case 0 -> (byte) rnd.nextInt(256);
                    case 1 -> (byte) ' ';
                    case 2 -> (byte) (rnd.nextBoolean() ? ' ' : '\r');
                    default -> (byte) (rnd.nextInt(10) == 0 ? '\n' : 'a' + rnd.nextInt(26));
                };
            }
            out.writeBytes(line);
            out.writeBytes(new byte[] {'\r', '\n'});
        }
        return out.toByteArray();
    }

    @Test
    void recordsNeverExceedLrecl() throws IOException {
        Random rnd = new Random(7);
        for (int c = 0; c < 200; c++) {
            int lrecl = 2 + rnd.nextInt(100);
            byte[] mail = randomMail(rnd, lrecl);
            List<Integer> lengths = new ArrayList<>();
            RecordEncoder.encode(mail, lrecl, (b, o, l) -> lengths.add(l));
            assertThat(lengths).allSatisfy(l -> assertThat(l).isLessThanOrEqualTo(lrecl));
        }
        byte[] one = Arrays.copyOf(new byte[0], 0);
        assertThat(roundTrip(one, 2)).isEmpty();
    }
}
