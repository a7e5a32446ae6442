package io.spoolgate.vmspool.netdata;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
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
 * <p>Output goes through an internal 64 KiB buffer (a multiple of 80); nothing is allocated per record.
 * {@link #close()} writes the trailer, pads and flushes but does <b>not</b> close the underlying stream (the caller
 * owns it). Not thread-safe.
 */
public final class NetdataWriter implements Closeable {

    /** Card length. */
    public static final int CARD = 80;
    /** Largest number of data bytes in one segment. */
    public static final int MAX_SEGMENT_DATA = 253;

    private static final int BUFFER = CARD * 819; // 65520
    private static final int FIRST = 0x80;
    private static final int LAST = 0x40;
    private static final int CONTROL = 0x20;

    private final OutputStream out;
    private final byte[] buf = new byte[BUFFER];
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
        try {
            writeControl(ControlRecordType.INMR01, -1, inmr01(header));
            writeControl(ControlRecordType.INMR02, 1, inmr02(header));
            writeControl(ControlRecordType.INMR03, -1, inmr03(header));
        } catch (IOException e) {
            throw new IllegalStateException("control records exceed the buffer", e); // cannot happen: ids are <= 8 chars
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
            if (pos > BUFFER - (MAX_SEGMENT_DATA + 2)) {
                flushBuffer();
            }
            byte[] b = buf;
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
        writeControl(ControlRecordType.INMR06, -1, List.of());
        int rest = (int) ((flushed + pos) % CARD);
        if (rest != 0) {
            int fill = CARD - rest;
            if (pos > BUFFER - fill) {
                flushBuffer();
            }
            java.util.Arrays.fill(buf, pos, pos + fill, (byte) 0);
            pos += fill;
        }
        flushBuffer();
        out.flush();
        closed = true;
    }

    private void writeSegments(byte[] data, int off, int len, int control) throws IOException {
        int done = 0;
        boolean first = true;
        do {
            int chunk = Math.min(MAX_SEGMENT_DATA, len - done);
            if (pos > BUFFER - (chunk + 2)) {
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

    private void writeControl(ControlRecordType type, int fileNumber, List<TextUnit> units) throws IOException {
        int size = 6 + (fileNumber >= 0 ? 4 : 0);
        for (TextUnit u : units) {
            size += u.encodedLength();
        }
        byte[] body = new byte[size];
        type.writeId(body, 0);
        int p = 6;
        if (fileNumber >= 0) {
            p = putInt(body, p, fileNumber, 4);
        }
        for (TextUnit u : units) {
            p = putInt(body, p, u.key(), 2);
            p = putInt(body, p, u.values().size(), 2);
            for (byte[] v : u.values()) {
                p = putInt(body, p, v.length, 2);
                System.arraycopy(v, 0, body, p, v.length);
                p += v.length;
            }
        }
        writeSegments(body, 0, size, CONTROL);
    }

    private static int putInt(byte[] b, int p, long value, int width) {
        for (int i = width - 1; i >= 0; i--) {
            b[p + i] = (byte) value;
            value >>>= 8;
        }
        return p + width;
    }

    private void flushBuffer() throws IOException {
        if (pos > 0) {
            out.write(buf, 0, pos);
            flushed += pos;
            pos = 0;
        }
    }

    static List<TextUnit> inmr01(NetdataHeader h) {
        return List.of(
                TextUnit.number(TextUnitKey.INMLRECL, CARD, 2),
                TextUnit.text(TextUnitKey.INMFNODE, h.originNode()),
                TextUnit.text(TextUnitKey.INMFUID, h.originUserid()),
                TextUnit.text(TextUnitKey.INMTNODE, h.targetNode()),
                TextUnit.text(TextUnitKey.INMTUID, h.targetUserid()),
                TextUnit.text(TextUnitKey.INMFTIME, NetdataTimestamp.format(h.timestamp())),
                TextUnit.number(TextUnitKey.INMNUMF, 1, 4));
    }

    static List<TextUnit> inmr02(NetdataHeader h) {
        List<TextUnit> u = new ArrayList<>(8);
        u.add(TextUnit.number(TextUnitKey.INMSIZE, h.sizeHint(), 8));
        u.add(TextUnit.number(TextUnitKey.INMDSORG, 0x4000, 2));
        u.add(TextUnit.number(TextUnitKey.INMLRECL, h.lrecl(), 4));
        u.add(TextUnit.text(TextUnitKey.INMUTILN, "INMCOPY"));
        u.add(TextUnit.number(TextUnitKey.INMRECFM, 0x0002, 2));
        if (h.kind() == NetdataFileKind.NOTE) {
            u.add(new TextUnit(TextUnitKey.INMTERM, List.of()));
        } else {
            List<String> fields = new ArrayList<>(h.dsname());
            String filemode = fields.get(0);
            String fmNumber = "1";
            if (filemode.length() == 2 && Character.isLetter(filemode.charAt(0)) && Character.isDigit(filemode.charAt(1))) {
                fields.set(0, filemode.substring(0, 1));
                fmNumber = filemode.substring(1);
            }
            u.add(TextUnit.texts(TextUnitKey.INMDSNAM, fields));
            u.add(TextUnit.text(TextUnitKey.INMFFM, fmNumber));
        }
        return u;
    }

    static List<TextUnit> inmr03(NetdataHeader h) {
        return List.of(
                TextUnit.number(TextUnitKey.INMSIZE, h.sizeHint(), 8),
                TextUnit.number(TextUnitKey.INMDSORG, 0x4000, 2),
                TextUnit.number(TextUnitKey.INMLRECL, CARD, 4),
                TextUnit.number(TextUnitKey.INMRECFM, 0x0001, 2));
    }
}
