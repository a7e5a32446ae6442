package io.spoolgate.vmspool.card;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.spoolgate.vmspool.ebcdic.Cp1047;
import io.spoolgate.vmspool.format.SpoolDecodeException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PunchCardTest {

    private static byte[] punch(byte[]... records) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PunchCardWriter w = new PunchCardWriter(out);
        for (byte[] r : records) {
            w.record(r);
        }
        w.flush();
        return out.toByteArray();
    }

    private static List<byte[]> read(byte[] cards) throws IOException {
        PunchCardReader r = new PunchCardReader(new ByteArrayInputStream(cards));
        List<byte[]> out = new ArrayList<>();
        byte[] rec;
        while ((rec = r.nextRecord()) != null) {
            out.add(rec);
        }
        return out;
    }

    @Test
    void shortRecordIsOneBlankPaddedCard() throws IOException {
        byte[] cards = punch(Cp1047.encode("HELO x"));
        assertThat(cards).hasSize(80);
        assertThat(Cp1047.decode(cards)).isEqualTo(String.format("%-80s", "HELO x"));
        assertThat(read(cards)).singleElement().satisfies(r -> assertThat(Cp1047.decode(r)).isEqualTo("HELO x"));
    }

    @Test
    void longRecordIsFoldedWithTheMarkInColumn80() throws IOException {
        byte[] rec = new byte[200];
        Arrays.fill(rec, Cp1047.toEbcdic('a'));
        byte[] cards = punch(rec);
        assertThat(cards).hasSize(240);
        assertThat(cards[79]).isEqualTo(PunchCardWriter.CONTINUATION_MARK);
        assertThat(cards[159]).isEqualTo(PunchCardWriter.CONTINUATION_MARK);
        assertThat(cards[239]).isEqualTo((byte) 0x40);
        assertThat(read(cards)).singleElement().isEqualTo(rec);
    }

    @Test
    void recordWhoseColumn80WouldBeTheMarkIsFoldedToStayUnambiguous() throws IOException {
        byte[] rec = new byte[80];
        Arrays.fill(rec, Cp1047.toEbcdic('b'));
        rec[79] = PunchCardWriter.CONTINUATION_MARK;
        byte[] cards = punch(rec, Cp1047.encode("next"));
        assertThat(cards).hasSize(240);
        List<byte[]> back = read(cards);
        assertThat(back).hasSize(2);
        assertThat(back.get(0)).isEqualTo(rec);
        assertThat(Cp1047.decode(back.get(1))).isEqualTo("next");
    }

    @Test
    void exactly80BytesFitOneCard() throws IOException {
        byte[] rec = new byte[80];
        Arrays.fill(rec, Cp1047.toEbcdic('c'));
        assertThat(punch(rec)).hasSize(80);
    }

    @Test
    void randomRecordsRoundTripExceptTrailingBlanks() throws IOException {
        Random rnd = new Random(42);
        for (int c = 0; c < 300; c++) {
            byte[][] recs = new byte[rnd.nextInt(5)][];
            for (int i = 0; i < recs.length; i++) {
                int n = rnd.nextInt(4) == 0 ? 79 + rnd.nextInt(3) : rnd.nextInt(400);
                recs[i] = new byte[n];
                for (int k = 0; k < n; k++) {
                    recs[i][k] = (byte) (rnd.nextInt(3) == 0 ? 0x4C : rnd.nextInt(256));
                }
            }
            byte[] cards = punch(recs);
            assertThat(cards.length % 80).isZero();
            List<byte[]> back = read(cards);
            assertThat(back).hasSize(recs.length);
            for (int i = 0; i < recs.length; i++) {
                int end = recs[i].length;
                while (end > 0 && recs[i][end - 1] == 0x40) {
                    end--;
                }
                assertThat(back.get(i)).isEqualTo(Arrays.copyOf(recs[i], end));
            }
        }
    }

    @Test
    void partialCardIsAnError() throws IOException {
        byte[] cards = Arrays.copyOf(punch(Cp1047.encode("a")), 120);
        PunchCardReader r = new PunchCardReader(new ByteArrayInputStream(cards));
        assertThat(r.nextRecord()).isNotNull();
        assertThatThrownBy(r::nextRecord).isInstanceOf(SpoolDecodeException.class)
                .hasMessageContaining("partial card of 40 bytes at byte offset 80")
                .satisfies(e -> assertThat(((SpoolDecodeException) e).offset()).isEqualTo(80));
    }

    @Test
    void danglingContinuationIsAnError() throws IOException {
        byte[] rec = new byte[100];
        byte[] cards = Arrays.copyOf(punch(rec), 80);
        assertThatThrownBy(() -> read(cards)).isInstanceOf(SpoolDecodeException.class).hasMessageContaining("continuation");
    }

    @Test
    void oversizedRecordIsAnError() throws IOException {
        byte[] cards = punch(new byte[1000]);
        PunchCardReader r = new PunchCardReader(new ByteArrayInputStream(cards), 500);
        assertThatThrownBy(r::nextRecord).isInstanceOf(SpoolDecodeException.class).hasMessageContaining("maximum of 500");
    }
}
