package io.spoolgate.vmspool.card;

import io.spoolgate.vmspool.format.RecordSink;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;

/**
 * Writes EBCDIC records as 80-column punch card images, blank-padded ({@code X'40'}).
 *
 * <p>Folding: a record that does not fit one card is written as cards of 79 record bytes followed by the
 * continuation mark {@link #CONTINUATION_MARK} ({@code X'4C'}, EBCDIC {@code <}, the character IBM's SMTP transport
 * reads as a continuation in column 80) in column 80, then a last card with the rest. A card whose column 80 holds the
 * mark is always a continuation; so when the last card of a record would have the mark in column 80 (a record piece of
 * exactly 80 bytes ending in {@code X'4C'}) it is folded too, which keeps decoding unambiguous.
 *
 * <p>Lossy by design: cards are blank-padded, so trailing blanks of a record are not preserved (an all-blank or
 * empty record reads back as an empty record). NETDATA is the exact format; use punch cards only where plain cards
 * are required (e.g. BSMTP as PUNCH). Output goes through an internal buffer; {@link #flush()} pushes it to the
 * stream, which is never closed by this class. Not thread-safe.
 */
public final class PunchCardWriter implements RecordSink {

    /** Card length. */
    public static final int CARD = 80;
    /** Continuation mark in column 80: EBCDIC {@code <}. */
    public static final byte CONTINUATION_MARK = 0x4C;

    private static final byte BLANK = 0x40;
    private static final int BUFFER = CARD * 256;

    private final OutputStream out;
    private final byte[] buf = new byte[BUFFER];
    private int pos;
    private long cards;

    /** @param out receives the card images; not closed by this writer */
    public PunchCardWriter(OutputStream out) {
        this.out = out;
    }

    /** @return false: every card is blank-padded to 80 columns */
    @Override
    public boolean keepsLength() {
        return false;
    }

    @Override
    public void record(byte[] ebcdic, int off, int len) throws IOException {
        if (off < 0 || len < 0 || off > ebcdic.length - len) {
            throw new IndexOutOfBoundsException("range [" + off + ", " + off + "+" + len + ") outside array of length " + ebcdic.length);
        }
        int p = off;
        int rest = len;
        while (rest > CARD || (rest == CARD && ebcdic[p + CARD - 1] == CONTINUATION_MARK)) {
            ensureCard();
            System.arraycopy(ebcdic, p, buf, pos, CARD - 1);
            buf[pos + CARD - 1] = CONTINUATION_MARK;
            pos += CARD;
            cards++;
            p += CARD - 1;
            rest -= CARD - 1;
        }
        ensureCard();
        System.arraycopy(ebcdic, p, buf, pos, rest);
        Arrays.fill(buf, pos + rest, pos + CARD, BLANK);
        pos += CARD;
        cards++;
    }

    /** Writes a whole record. */
    public void record(byte[] ebcdic) throws IOException {
        record(ebcdic, 0, ebcdic.length);
    }

    /** @return the number of cards written so far */
    public long cardCount() {
        return cards;
    }

    /** Pushes buffered cards to the stream and flushes it (does not close it). */
    public void flush() throws IOException {
        if (pos > 0) {
            out.write(buf, 0, pos);
            pos = 0;
        }
        out.flush();
    }

    private void ensureCard() throws IOException {
        if (pos == BUFFER) {
            out.write(buf, 0, pos);
            pos = 0;
        }
    }
}
