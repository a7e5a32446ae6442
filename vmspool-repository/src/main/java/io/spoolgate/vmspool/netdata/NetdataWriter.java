package io.spoolgate.vmspool.netdata;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a one-file NETDATA transmission as 80-byte card images, laid out like a real CMS NOTE (netdata.md
 * section 7): INMR01 {INMLRECL 80, INMFNODE, INMFUID, INMTNODE, INMTUID, INMFTIME (20 GMT digits), INMNUMF 1};
 * INMR02 file 1 {INMSIZE (8 bytes), INMDSORG X'4000', INMLRECL, INMUTILN INMCOPY, INMRECFM X'0002', then INMTERM for
 * a NOTE or INMDSNAM + INMFFM for a FILE}; INMR03 {INMSIZE, INMDSORG X'4000', INMLRECL 80, INMRECFM X'0001'}; the
 * data records; INMR06; the last card filled with X'00'.
 *
 * <p>Each data record becomes one logical record: one segment (flags {@code X'C0'}) if it has at most 253 bytes,
 * otherwise segments of 253 bytes flagged {@code X'80'}, {@code X'00'}..., and a last one {@code X'40'}. Segments run
 * across card boundaries. Records of any length (also 0) are accepted.
 *
 * <p>Output goes through an internal buffer (sized from {@link NetdataHeader#sizeHint()} when known, else 8 KiB;
 * growing to 64 KiB for large files); nothing is allocated per record.
 * {@link #close()} writes the trailer, pads and flushes but does <b>not</b> close the underlying stream (the caller
 * owns it). Not thread-safe.
 */
public final class NetdataWriter implements Closeable {

    /** Card length. */
    public static final int CARD = 80;
    /** Largest number of data bytes in one segment. */
    public static final int MAX_SEGMENT_DATA = 253;

    private static final int INITIAL_BUFFER = CARD * 103; // 8240: a small mail fits without a flush
    private static final int MAX_BUFFER = CARD * 819; // 65520
    private static final int FIRST = 0x80;
    private static final int LAST = 0x40;
    private static final int CONTROL = 0x20;

    private final OutputStream out;
    private byte[] buf;
    private int pos;
    private long flushed;
    private long records;
    private boolean closed;

    /**
     * Writes INMR01, INMR02 and INMR03 into the buffer at once (no I/O until the buffer fills or {@link #close()}).
     *
     * @param out    receives the card images; not closed by this writer
     * @param header the control information
     */
    public NetdataWriter(OutputStream out, NetdataHeader header) {
        this.out = out;
        this.buf = new byte[initialBufferSize(header.sizeHint())];
        ControlRecordBuilder b = new ControlRecordBuilder();
        try {
            inmr01(b, header);
            writeControl(b);
            inmr02(b, header);
            writeControl(b);
            inmr03(b, header);
            writeControl(b);
        } catch (IOException e) {
            throw new UncheckedIOException("flushing the control records failed", e);
        }
    }

    /**
     * Writes one logical data record (already EBCDIC). Fits {@code io.spoolgate.vmspool.format.RecordSink}.
     *
     * @throws IOException from the underlying stream
     */
    public void writeRecord(byte[] ebcdic, int off, int len) throws IOException {
        if (closed) {
            throw new IllegalStateException("NetdataWriter is closed");
        }
        if (off < 0 || len < 0 || off > ebcdic.length - len) {
            throw new IndexOutOfBoundsException("range [" + off + ", " + off + "+" + len + ") outside array of length " + ebcdic.length);
        }
        records++;
        if (len <= MAX_SEGMENT_DATA) {
            byte[] b = buf;
            if (pos > b.length - (MAX_SEGMENT_DATA + 2)) {
                flushBuffer();
                b = buf;
            }
            int p = pos;
            b[p] = (byte) (len + 2);
            b[p + 1] = (byte) (FIRST | LAST);
            System.arraycopy(ebcdic, off, b, p + 2, len);
            pos = p + 2 + len;
            return;
        }
        writeSegments(ebcdic, off, len, 0);
    }

    /** @return the number of data records written so far */
    public long recordCount() {
        return records;
    }

    /** @return the number of bytes produced so far (flushed plus buffered) */
    public long byteCount() {
        return flushed + pos;
    }

    /**
     * Writes INMR06, fills the last card with X'00' and flushes the underlying stream, which stays open. Idempotent.
     */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        writeControl(new ControlRecordBuilder().start(ControlRecordType.INMR06, -1));
        int rest = (int) ((flushed + pos) % CARD);
        if (rest != 0) {
            int fill = CARD - rest;
            if (pos > buf.length - fill) {
                flushBuffer();
            }
            java.util.Arrays.fill(buf, pos, pos + fill, (byte) 0);
            pos += fill;
        }
        drainBuffer();
        out.flush();
        closed = true;
    }

    private void writeSegments(byte[] data, int off, int len, int control) throws IOException {
        int done = 0;
        boolean first = true;
        do {
            int chunk = Math.min(MAX_SEGMENT_DATA, len - done);
            if (pos > buf.length - (chunk + 2)) {
                flushBuffer();
            }
            int flags = control;
            if (first) {
                flags |= FIRST;
            }
            if (done + chunk == len) {
                flags |= LAST;
            }
            buf[pos] = (byte) (chunk + 2);
            buf[pos + 1] = (byte) flags;
            System.arraycopy(data, off + done, buf, pos + 2, chunk);
            pos += chunk + 2;
            done += chunk;
            first = false;
        } while (done < len);
    }

    private void writeControl(ControlRecordBuilder record) throws IOException {
        writeSegments(record.bytes(), 0, record.length(), CONTROL);
    }

    /** A known size (INMSIZE hint) sizes the buffer to hold the whole file (segment headers add about 3%). */
    private static int initialBufferSize(long sizeHint) {
        if (sizeHint <= 0) {
            return INITIAL_BUFFER;
        }
        return (int) Math.min(MAX_BUFFER, Math.max(1024, sizeHint + sizeHint / 16 + 512));
    }

    /** Writes out the buffer because it is full; a file this large gets a bigger buffer (up to 64 KiB). */
    private void flushBuffer() throws IOException {
        drainBuffer();
        if (buf.length < MAX_BUFFER) {
            buf = new byte[Math.min(MAX_BUFFER, buf.length * 4)];
        }
    }

    private void drainBuffer() throws IOException {
        if (pos > 0) {
            out.write(buf, 0, pos);
            flushed += pos;
            pos = 0;
        }
    }

    private static void inmr01(ControlRecordBuilder b, NetdataHeader h) {
        b.start(ControlRecordType.INMR01, -1)
                .number(TextUnitKey.INMLRECL, CARD, 2)
                .text(TextUnitKey.INMFNODE, h.originNode())
                .text(TextUnitKey.INMFUID, h.originUserid())
                .text(TextUnitKey.INMTNODE, h.targetNode())
                .text(TextUnitKey.INMTUID, h.targetUserid())
                .text(TextUnitKey.INMFTIME, NetdataTimestamp.format(h.timestamp()))
                .number(TextUnitKey.INMNUMF, 1, 4);
    }

    private static void inmr02(ControlRecordBuilder b, NetdataHeader h) {
        b.start(ControlRecordType.INMR02, 1)
                .number(TextUnitKey.INMSIZE, h.sizeHint(), 8)
                .number(TextUnitKey.INMDSORG, 0x4000, 2)
                .number(TextUnitKey.INMLRECL, h.lrecl(), 4)
                .text(TextUnitKey.INMUTILN, "INMCOPY")
                .number(TextUnitKey.INMRECFM, 0x0002, 2);
        if (h.kind() == NetdataFileKind.NOTE) {
            b.flag(TextUnitKey.INMTERM);
        } else {
            List<String> fields = new ArrayList<>(h.dsname());
            String filemode = fields.get(0);
            String fmNumber = "1";
            if (filemode.length() == 2 && Character.isLetter(filemode.charAt(0)) && Character.isDigit(filemode.charAt(1))) {
                fields.set(0, filemode.substring(0, 1));
                fmNumber = filemode.substring(1);
            }
            b.texts(TextUnitKey.INMDSNAM, fields).text(TextUnitKey.INMFFM, fmNumber);
        }
    }

    private static void inmr03(ControlRecordBuilder b, NetdataHeader h) {
        b.start(ControlRecordType.INMR03, -1)
                .number(TextUnitKey.INMSIZE, h.sizeHint(), 8)
                .number(TextUnitKey.INMDSORG, 0x4000, 2)
                .number(TextUnitKey.INMLRECL, CARD, 4)
                .number(TextUnitKey.INMRECFM, 0x0001, 2);
    }
}
