package io.spoolgate.vmspool.format;

import io.spoolgate.vmspool.ebcdic.Cp1047;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Turns mail octets (lines ended by CRLF, Latin-1 / 8-bit bytes) into EBCDIC records of at most {@code lrecl} bytes,
 * reversibly ({@link RecordDecoder} restores the exact octets).
 *
 * <p>Encoding rules, for a record length L ({@code lrecl >= 2}):
 * <ol>
 *   <li>A line is the bytes between two CRLFs. A bare CR or a bare LF is content and is translated like any other
 *       byte (CP1047: CR -> {@code X'0D'}, LF -> {@code X'25'}).</li>
 *   <li>An empty line becomes one record of one blank {@code X'40'} (the CMS habit).</li>
 *   <li>A line that is exactly one blank {@code " "} becomes a zero-length record.</li>
 *   <li>A line of n &lt; L bytes becomes one record of n bytes.</li>
 *   <li>A line of n &gt;= L bytes becomes records of exactly L bytes while at least L bytes remain (also when exactly L
 *       remain), then one final record of the remaining 0..L-1 bytes (taken verbatim, the rules 2 and 3 do not apply
 *       to it).</li>
 * </ol>
 * Decoding therefore reads: a record of exactly L bytes continues into the next record; in a continuation records are
 * appended verbatim; outside a continuation a one-blank record is an empty line and a zero-length record is a line of
 * one blank. The final CRLF of the mail ends its last line; a mail that does not end with CRLF gets one on decoding
 * (the only case where decode(encode(x)) differs from x). An empty mail gives no records at all.
 *
 * <p>Choosing {@code lrecl = max(80, longestLine + 1)} (see {@link #longestLine(InputStream)}) means no line is ever
 * split. Memory use is bounded by L (the line buffer grows up to L bytes). Not thread-safe.
 */
public final class RecordEncoder {

    private static final byte CR = '\r';
    private static final byte LF = '\n';
    private static final int INITIAL_BUFFER = 8192;

    private final byte[] table = Cp1047.latin1ToEbcdicTable();
    private final int lrecl;
    private final RecordSink sink;
    private byte[] line;
    private int n;
    private boolean continuing;
    private boolean pendingCr;
    private boolean finished;

    /**
     * @param lrecl the record length L, at least 2
     * @param sink  receives the records (EBCDIC)
     */
    public RecordEncoder(int lrecl, RecordSink sink) {
        if (lrecl < 2) {
            throw new IllegalArgumentException("lrecl must be at least 2, was " + lrecl);
        }
        this.lrecl = lrecl;
        this.sink = sink;
        this.line = new byte[Math.min(lrecl, INITIAL_BUFFER)];
    }

    /** Encodes a whole mail into {@code sink} in one call. */
    public static void encode(byte[] mail, int lrecl, RecordSink sink) throws IOException {
        RecordEncoder encoder = new RecordEncoder(lrecl, sink);
        encoder.write(mail, 0, mail.length);
        encoder.finish();
    }

    /**
     * Feeds mail octets; any chunking is allowed.
     *
     * @throws IOException from the sink
     */
    public void write(byte[] b, int off, int len) throws IOException {
        if (finished) {
            throw new IllegalStateException("RecordEncoder already finished");
        }
        if (off < 0 || len < 0 || off > b.length - len) {
            throw new IndexOutOfBoundsException("range [" + off + ", " + off + "+" + len + ") outside array of length " + b.length);
        }
        int i = off;
        final int end = off + len;
        if (pendingCr && i < end) {
            pendingCr = false;
            if (b[i] == LF) {
                endLine();
                i++;
            } else {
                append(CR);
            }
        }
        final byte[] t = table;
        while (i < end) {
            byte[] buf = line;
            int room = Math.min(buf.length, lrecl) - n;
            int limit = Math.min(end, i + room);
            int j = i;
            int k = n;
            while (j < limit) {
                byte c = b[j];
                if (c == CR) {
                    break;
                }
                buf[k++] = t[c & 0xFF];
                j++;
            }
            n = k;
            i = j;
            if (n == lrecl) {
                emitFull();
            } else if (n == buf.length) {
                grow();
            }
            if (i == end || b[i] != CR) {
                continue;
            }
            if (i + 1 < end) {
                if (b[i + 1] == LF) {
                    endLine();
                    i += 2;
                } else {
                    append(CR);
                    i++;
                }
            } else {
                pendingCr = true;
                i++;
            }
        }
    }

    /** Feeds one octet. */
    public void write(int octet) throws IOException {
        write(new byte[] {(byte) octet}, 0, 1);
    }

    /**
     * Ends the mail: a pending bare CR becomes content and an unterminated last line is ended. Idempotent.
     *
     * @throws IOException from the sink
     */
    public void finish() throws IOException {
        if (finished) {
            return;
        }
        if (pendingCr) {
            pendingCr = false;
            append(CR);
        }
        if (n > 0 || continuing) {
            endLine();
        }
        finished = true;
    }

    /**
     * Measures the longest line (bytes between CRLFs, CRLF excluded) of a mail, reading the stream to its end (not
     * closing it). With {@code lrecl = max(80, longestLine + 1)} no line is split.
     */
    public static int longestLine(InputStream in) throws IOException {
        byte[] buf = new byte[16384];
        long longest = 0;
        long current = 0;
        boolean cr = false;
        int r;
        while ((r = in.read(buf)) > 0) {
            for (int i = 0; i < r; i++) {
                byte c = buf[i];
                if (cr && c == LF) {
                    current--; // the CR belonged to the CRLF
                    longest = Math.max(longest, current);
                    current = 0;
                    cr = false;
                    continue;
                }
                cr = c == CR;
                current++;
            }
        }
        longest = Math.max(longest, current);
        return (int) Math.min(Integer.MAX_VALUE - 8, longest);
    }

    private void append(byte latin1) throws IOException {
        if (n == line.length) {
            grow();
        }
        line[n++] = table[latin1 & 0xFF];
        if (n == lrecl) {
            emitFull();
        }
    }

    private void grow() {
        line = Arrays.copyOf(line, (int) Math.min(lrecl, 2L * line.length));
    }

    private void emitFull() throws IOException {
        sink.record(line, 0, lrecl);
        n = 0;
        continuing = true;
    }

    private void endLine() throws IOException {
        if (continuing) {
            sink.record(line, 0, n);
        } else if (n == 0) {
            line[0] = Cp1047.BLANK;
            sink.record(line, 0, 1);
        } else if (n == 1 && line[0] == Cp1047.BLANK) {
            sink.record(line, 0, 0);
        } else {
            sink.record(line, 0, n);
        }
        n = 0;
        continuing = false;
    }
}
