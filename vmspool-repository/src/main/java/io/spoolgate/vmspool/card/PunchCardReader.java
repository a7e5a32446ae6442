package io.spoolgate.vmspool.card;

import io.spoolgate.vmspool.format.RecordSource;
import io.spoolgate.vmspool.format.SpoolDecodeException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Reads 80-column punch card images written by {@link PunchCardWriter} (or any blank-padded cards): each record is
 * one card with trailing blanks stripped; a card with the continuation mark {@code X'4C'} in column 80 contributes
 * its first 79 columns and continues into the next card.
 *
 * <p>Errors ({@link SpoolDecodeException}, offset = byte offset of the card): a trailing partial card, input ending
 * after a continuation card, a record longer than the cap (default 16 MiB). Never holds more than one record. Does
 * not close the stream. Not thread-safe.
 */
public final class PunchCardReader implements RecordSource {

    /** Default cap on the size of one record. */
    public static final int DEFAULT_MAX_RECORD_BYTES = 16 * 1024 * 1024;

    private static final int CARD = PunchCardWriter.CARD;
    private static final byte BLANK = 0x40;

    private final InputStream in;
    private final int maxRecordBytes;
    private final byte[] card = new byte[CARD];
    private byte[] rec = new byte[256];
    private long offset;
    private long records;

    /** @return false: cards are blank-padded, trailing blanks are stripped */
    @Override
    public boolean keepsLength() {
        return false;
    }

    /** Reads with the default record cap. */
    public PunchCardReader(InputStream in) {
        this(in, DEFAULT_MAX_RECORD_BYTES);
    }

    /**
     * @param in             the card images
     * @param maxRecordBytes largest record accepted (after joining continuations), at least 80
     */
    public PunchCardReader(InputStream in, int maxRecordBytes) {
        if (maxRecordBytes < CARD) {
            throw new IllegalArgumentException("maxRecordBytes must be at least 80, was " + maxRecordBytes);
        }
        this.in = in;
        this.maxRecordBytes = maxRecordBytes;
    }

    /**
     * @return the next record (trailing blanks stripped, continuations joined), or null at the end of input
     * @throws SpoolDecodeException for a partial card, a dangling continuation or an oversized record
     */
    @Override
    public byte[] nextRecord() throws IOException {
        int len = 0;
        long recordStart = offset;
        while (true) {
            long cardStart = offset;
            int got = readCard();
            if (got == 0) {
                if (len > 0 || cardStart != recordStart) {
                    throw new SpoolDecodeException("punch cards end after a continuation card (column 80 '<') at byte offset "
                            + recordStart + ": the record's last card is missing", cardStart);
                }
                return null;
            }
            if (got < CARD) {
                throw new SpoolDecodeException("trailing partial card of " + got + " bytes at byte offset " + cardStart
                        + " (cards are 80 bytes)", cardStart);
            }
            boolean continues = card[CARD - 1] == PunchCardWriter.CONTINUATION_MARK;
            int take = continues ? CARD - 1 : stripped();
            if ((long) len + take > maxRecordBytes) {
                throw new SpoolDecodeException("record starting at byte offset " + recordStart + " is longer than the maximum of "
                        + maxRecordBytes + " bytes", recordStart);
            }
            if (len + take > rec.length) {
                rec = Arrays.copyOf(rec, Math.min(maxRecordBytes, Math.max(len + take, rec.length * 2)));
            }
            System.arraycopy(card, 0, rec, len, take);
            len += take;
            if (!continues) {
                // trailing blanks are padding for the whole record, also where a continuation card ended in blanks
                // and the last card holds nothing else
                while (len > 0 && rec[len - 1] == BLANK) {
                    len--;
                }
                records++;
                return Arrays.copyOf(rec, len);
            }
        }
    }

    /** @return the number of records returned so far */
    public long recordCount() {
        return records;
    }

    private int stripped() {
        int n = CARD;
        while (n > 0 && card[n - 1] == BLANK) {
            n--;
        }
        return n;
    }

    private int readCard() throws IOException {
        int got = 0;
        while (got < CARD) {
            int r = in.read(card, got, CARD - got);
            if (r < 0) {
                break;
            }
            if (r == 0) {
                int b = in.read();
                if (b < 0) {
                    break;
                }
                card[got] = (byte) b;
                r = 1;
            }
            got += r;
        }
        offset += got;
        return got;
    }
}
