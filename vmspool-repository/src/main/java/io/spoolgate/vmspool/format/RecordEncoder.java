package io.spoolgate.vmspool.format;

import io.spoolgate.vmspool.ebcdic.Cp1047;
import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
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
 * split. Memory use is bounded: an 8 KiB translation block plus a line buffer that grows up to L bytes only for
 * lines that span input chunks. Not thread-safe.
 *
 * <p>Speed: each input chunk is translated to EBCDIC in one tight table loop, line ends are found eight bytes at a
 * time, and records are handed to the sink as slices of the translated block (no per-line copy or allocation).
 */
public final class RecordEncoder {

    private static final byte CR = '\r';
    private static final byte LF = '\n';
    private static final int BLOCK = 8192;
    private static final int INITIAL_LINE = 256;
    private static final long CRS = 0x0D0D0D0D0D0D0D0DL;
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final byte[] TABLE = Cp1047.latin1ToEbcdicTable();
    private static final byte[] BLANK_RECORD = {Cp1047.BLANK};
    private static final byte[] CR_EBCDIC = {Cp1047.toEbcdic(CR)};

    private final int lrecl;
    private final RecordSink sink;
    private byte[] block;
    private byte[] line;
    private int n;
    private boolean continuing;
    private boolean pendingCr;
    private boolean finished;

    /**
     * @param lrecl the record length L, at least 2
     * @param sink  receives the records (EBCDIC); it must not keep the array it is given
     */
    public RecordEncoder(int lrecl, RecordSink sink) {
        if (lrecl < 2) {
            throw new IllegalArgumentException("lrecl must be at least 2, was " + lrecl);
        }
        this.lrecl = lrecl;
        this.sink = sink;
        this.line = new byte[Math.min(lrecl, INITIAL_LINE)];
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
        while (len > 0) {
            if (pendingCr) { // the previous block ended with a CR
                pendingCr = false;
                if (b[off] == LF) {
                    endLine(CR_EBCDIC, 0, 0);
                    off++;
                    len--;
                    continue;
                }
                appendContent(CR_EBCDIC, 0, 1);
            }
            int chunk = Math.min(len, BLOCK);
            if (block == null || block.length < chunk) {
                block = new byte[block == null ? Math.max(chunk, 512) : BLOCK];
            }
            translate(b, off, block, chunk);
            lines(b, off, chunk);
            off += chunk;
            len -= chunk;
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
            appendContent(CR_EBCDIC, 0, 1);
        }
        if (n > 0 || continuing) {
            endLine(CR_EBCDIC, 0, 0);
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

    private static void translate(byte[] src, int off, byte[] dst, int len) {
        final byte[] t = TABLE;
        for (int k = 0; k < len; k++) {
            dst[k] = t[src[off + k] & 0xFF];
        }
    }

    /** Splits one translated block into lines; {@code src[off..off+len)} is the Latin-1 original of {@code block}. */
    private void lines(byte[] src, int off, int len) throws IOException {
        final byte[] ebc = block;
        int segStart = 0;
        int search = 0;
        while (true) {
            int c = indexOfCr(src, off + search, off + len) - off;
            if (c == len) {
                appendContent(ebc, segStart, len);
                return;
            }
            if (c + 1 == len) {
                appendContent(ebc, segStart, c);
                pendingCr = true;
                return;
            }
            if (src[off + c + 1] == LF) {
                endLine(ebc, segStart, c);
                segStart = c + 2;
                search = segStart;
            } else {
                search = c + 1; // a bare CR is content
            }
        }
    }

    /** @return the index of the first CR in {@code b[from..to)}, or {@code to} */
    private static int indexOfCr(byte[] b, int from, int to) {
        int i = from;
        while (i <= to - 8) {
            long x = (long) LONGS.get(b, i) ^ CRS;
            long found = (x - ONES) & ~x & HIGHS;
            if (found != 0) {
                return i + (Long.numberOfTrailingZeros(found) >>> 3);
            }
            i += 8;
        }
        while (i < to && b[i] != CR) {
            i++;
        }
        return i;
    }

    /** Adds EBCDIC content to the current line without ending it, emitting every full L-byte record. */
    private void appendContent(byte[] src, int from, int to) throws IOException {
        while (from < to) {
            if (n == 0 && to - from >= lrecl) {
                sink.record(src, from, lrecl);
                continuing = true;
                from += lrecl;
                continue;
            }
            int take = Math.min(lrecl - n, to - from);
            if (n + take > line.length) {
                line = Arrays.copyOf(line, (int) Math.min(lrecl, Math.max(n + take, 2L * line.length)));
            }
            System.arraycopy(src, from, line, n, take);
            n += take;
            from += take;
            if (n == lrecl) {
                sink.record(line, 0, lrecl);
                n = 0;
                continuing = true;
            }
        }
    }

    /** Ends the current line whose last content is {@code src[from..to)}. */
    private void endLine(byte[] src, int from, int to) throws IOException {
        if (n > 0) {
            appendContent(src, from, to);
            emitFinal(line, 0, n);
            n = 0;
            return;
        }
        while (to - from >= lrecl) {
            sink.record(src, from, lrecl);
            continuing = true;
            from += lrecl;
        }
        emitFinal(src, from, to - from);
    }

    /** Emits the last record of a line, applying the empty-line and one-blank rules outside a continuation. */
    private void emitFinal(byte[] src, int off, int len) throws IOException {
        if (continuing) {
            sink.record(src, off, len);
            continuing = false;
        } else if (len == 0) {
            sink.record(BLANK_RECORD, 0, 1);
        } else if (len == 1 && src[off] == Cp1047.BLANK) {
            sink.record(src, off, 0);
        } else {
            sink.record(src, off, len);
        }
    }
}
