package io.spoolgate.vmspool.format;

import io.spoolgate.vmspool.ebcdic.Cp1047;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Inverse of {@link RecordEncoder}: turns EBCDIC records of record length L back into the exact mail octets
 * (Latin-1, CRLF after every line).
 *
 * <p>Rules: a record of exactly L bytes continues into the next record; in a continuation records are appended
 * verbatim and the first record shorter than L ends the line. Outside a continuation a record of one blank
 * {@code X'40'} is an empty line, a zero-length record is a line of one blank, and any other record is a line.
 * Records longer than L (never produced by the encoder, but possible in foreign files) are taken as whole lines.
 * If the records end inside a continuation, {@link #finish()} ends the line.
 *
 * <p>Output is batched in an internal 8 KiB buffer; {@link #finish()} flushes it and {@code mailOut} but does not
 * close {@code mailOut}. Not thread-safe.
 */
public final class RecordDecoder implements RecordSink {

    private static final int BUFFER = 8192;

    private final byte[] table = Cp1047.ebcdicToLatin1Table();
    private final int lrecl;
    private final OutputStream out;
    private final byte[] buf = new byte[BUFFER];
    private int pos;
    private boolean continuing;
    private boolean finished;

    /**
     * @param lrecl   the record length L used by the encoder, at least 2
     * @param mailOut receives the mail octets
     */
    public RecordDecoder(int lrecl, OutputStream mailOut) {
        if (lrecl < 2) {
            throw new IllegalArgumentException("lrecl must be at least 2, was " + lrecl);
        }
        this.lrecl = lrecl;
        this.out = mailOut;
    }

    @Override
    public void record(byte[] ebcdic, int off, int len) throws IOException {
        if (finished) {
            throw new IllegalStateException("RecordDecoder already finished");
        }
        if (off < 0 || len < 0 || off > ebcdic.length - len) {
            throw new IndexOutOfBoundsException("range [" + off + ", " + off + "+" + len + ") outside array of length " + ebcdic.length);
        }
        if (len == lrecl) {
            translate(ebcdic, off, len);
            continuing = true;
            return;
        }
        if (continuing) {
            translate(ebcdic, off, len);
            continuing = false;
        } else if (len == 1 && ebcdic[off] == Cp1047.BLANK) {
            // empty line
        } else if (len == 0) {
            put((byte) ' ');
        } else {
            translate(ebcdic, off, len);
        }
        put((byte) '\r');
        put((byte) '\n');
    }

    /** Decodes a whole record. */
    public void record(byte[] ebcdic) throws IOException {
        record(ebcdic, 0, ebcdic.length);
    }

    /** Ends the mail (closing an open continuation with CRLF) and flushes; does not close the stream. Idempotent. */
    public void finish() throws IOException {
        if (finished) {
            return;
        }
        if (continuing) {
            put((byte) '\r');
            put((byte) '\n');
            continuing = false;
        }
        flushBuffer();
        out.flush();
        finished = true;
    }

    private void translate(byte[] src, int off, int len) throws IOException {
        final byte[] t = table;
        int i = 0;
        while (i < len) {
            if (pos == BUFFER) {
                flushBuffer();
            }
            int chunk = Math.min(len - i, BUFFER - pos);
            int p = pos;
            int s = off + i;
            for (int k = 0; k < chunk; k++) {
                buf[p + k] = t[src[s + k] & 0xFF];
            }
            pos += chunk;
            i += chunk;
        }
    }

    private void put(byte b) throws IOException {
        if (pos == BUFFER) {
            flushBuffer();
        }
        buf[pos++] = b;
    }

    private void flushBuffer() throws IOException {
        if (pos > 0) {
            out.write(buf, 0, pos);
            pos = 0;
        }
    }
}
