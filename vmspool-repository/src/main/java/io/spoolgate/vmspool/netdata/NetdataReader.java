package io.spoolgate.vmspool.netdata;

import io.spoolgate.vmspool.format.RecordSink;
import io.spoolgate.vmspool.format.RecordSource;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Streaming pull reader of a NETDATA transmission.
 *
 * <p>Use: {@link #header()} parses INMR01, every INMR02, INMR04 (and INMR07) up to the first INMR03 and positions the
 * reader at the data of file 1; {@link #nextRecord()} returns the data records of the current file (EBCDIC), null at
 * its end; {@link #nextFile()} moves to the next file (skipping unread records) and returns false after the last one.
 * Both call {@link #header()} first if needed. After INMR06 the rest of the input must be filler ({@code X'00'} or
 * {@code X'40'}) or nothing.
 *
 * <p>Control records may be split over several segments and are reassembled; text unit order and numeric widths are
 * free; unknown keys are kept as raw {@link TextUnit}s. Broken structure (segment length byte below 2, reserved or
 * unsupported flags {@code X'1F'}, a record not starting with {@code X'80'}, a truncated segment, data before INMR03,
 * an unknown control record, a control record out of place, a missing INMR06, bytes after INMR06 other than filler, a
 * record longer than the maximum) raises {@link NetdataException} with the byte offset.
 *
 * <p>Memory: one record at a time, at most {@code maxRecordBytes} (default 16 MiB) per record; plus an input
 * buffer of at most 16 KiB. Does not close the input stream except in {@link #close()}. Not thread-safe.
 */
public final class NetdataReader implements Closeable, RecordSource {

    /** Default cap on the size of one logical record. */
    public static final int DEFAULT_MAX_RECORD_BYTES = 16 * 1024 * 1024;

    private static final int MAX_CONTROL_RECORDS = 10_000;

    private enum Phase { START, DATA, BETWEEN_FILES, END }

    private final InputStream in;
    private final int maxRecordBytes;
    private static final int MAX_INPUT_BUFFER = 16384;

    private byte[] ibuf;
    private int ipos;
    private int ilim;
    private long base;
    private boolean eof;

    private byte[] rec = new byte[1024];
    private int recLen;
    private boolean recControl;
    private long recOffset;

    private Phase phase = Phase.START;
    private NetdataControl control;
    private int currentFile;
    private List<TextUnit> dataControl = List.of();
    private List<TextUnit> pendingDataControl;

    /** Reads from {@code in} with the default record cap of 16 MiB. */
    public NetdataReader(InputStream in) {
        this(in, DEFAULT_MAX_RECORD_BYTES);
    }

    /**
     * @param in             the NETDATA bytes
     * @param maxRecordBytes the largest logical record accepted (control or data), at least 256
     */
    public NetdataReader(InputStream in, int maxRecordBytes) {
        if (maxRecordBytes < 256) {
            throw new IllegalArgumentException("maxRecordBytes must be at least 256, was " + maxRecordBytes);
        }
        this.in = in;
        this.maxRecordBytes = maxRecordBytes;
    }

    /**
     * Parses the control records up to the first INMR03 (or INMR06 for a transmission without data, such as an
     * acknowledgement). Idempotent.
     *
     * @throws NetdataException for malformed input
     */
    public NetdataControl header() throws IOException {
        if (control != null) {
            return control;
        }
        if (!readRecord()) {
            throw new NetdataException("empty input: no INMR01 control record", 0);
        }
        if (!recControl || recLen < 6 || ControlRecordType.identify(rec, 0) != ControlRecordType.INMR01) {
            throw new NetdataException("the transmission does not start with an INMR01 control record", recOffset);
        }
        List<TextUnit> inmr01 = parseUnits(6, ControlRecordType.INMR01);
        Map<Integer, List<List<TextUnit>>> inmr02 = new TreeMap<>();
        List<TextUnit> user = new ArrayList<>();
        List<TextUnit> ack = new ArrayList<>();
        int count = 0;
        while (true) {
            if (!readRecord()) {
                throw new NetdataException("input ends among the control records (no INMR03 or INMR06)", position());
            }
            if (!recControl) {
                throw new NetdataException("data record before INMR03", recOffset);
            }
            if (++count > MAX_CONTROL_RECORDS) {
                throw new NetdataException("more than " + MAX_CONTROL_RECORDS + " control records before the data", recOffset);
            }
            ControlRecordType type = controlType();
            switch (type) {
                case INMR02 -> {
                    if (recLen < 10) {
                        throw new NetdataException("INMR02 shorter than its id and 4-byte file number (" + recLen + " bytes)", recOffset);
                    }
                    int fileNumber = ((rec[6] & 0xFF) << 24) | ((rec[7] & 0xFF) << 16) | ((rec[8] & 0xFF) << 8) | (rec[9] & 0xFF);
                    inmr02.computeIfAbsent(fileNumber, k -> new ArrayList<>()).add(parseUnits(10, type));
                }
                case INMR04 -> user.addAll(parseUnits(6, type));
                case INMR07 -> ack.addAll(parseUnits(6, type));
                case INMR03 -> {
                    dataControl = parseUnits(6, type);
                    currentFile = 1;
                    phase = Phase.DATA;
                }
                case INMR06 -> {
                    checkTrailer();
                    phase = Phase.END;
                }
                default -> throw new NetdataException(type + " out of place among the control records", recOffset);
            }
            if (phase != Phase.START) {
                break;
            }
        }
        control = buildControl(inmr01, inmr02, user, ack);
        return control;
    }

    /**
     * @return the next data record of the current file (a fresh EBCDIC array), or null at the end of that file
     * @throws NetdataException for malformed input
     */
    @Override
    public byte[] nextRecord() throws IOException {
        return advance() ? Arrays.copyOf(rec, recLen) : null;
    }

    /**
     * Passes the next data record of the current file to {@code sink} without copying it.
     *
     * @return false at the end of the current file
     */
    public boolean nextRecord(RecordSink sink) throws IOException {
        if (!advance()) {
            return false;
        }
        sink.record(rec, 0, recLen);
        return true;
    }

    /**
     * Moves to the next file, skipping what is left of the current one.
     *
     * @return true if there is a next file (its INMR03 was read), false after the last file
     */
    public boolean nextFile() throws IOException {
        header();
        while (phase == Phase.DATA) {
            advance();
        }
        if (phase == Phase.BETWEEN_FILES) {
            currentFile++;
            dataControl = pendingDataControl;
            pendingDataControl = null;
            phase = Phase.DATA;
            return true;
        }
        return false;
    }

    /** @return the number of the current file (from 1; 0 before the first INMR03) */
    public int currentFile() {
        return currentFile;
    }

    /** @return the text units of the INMR03 of the current file */
    public List<TextUnit> dataControl() {
        return dataControl;
    }

    /** @return whether INMR06 (and the filler after it) has been read */
    public boolean isComplete() {
        return phase == Phase.END;
    }

    /** Closes the input stream. */
    @Override
    public void close() throws IOException {
        in.close();
    }

    private boolean advance() throws IOException {
        header();
        if (phase != Phase.DATA) {
            return false;
        }
        if (!readRecord()) {
            throw new NetdataException("input ends without the INMR06 trailer", position());
        }
        if (!recControl) {
            return true;
        }
        ControlRecordType type = controlType();
        switch (type) {
            case INMR03 -> {
                pendingDataControl = parseUnits(6, type);
                phase = Phase.BETWEEN_FILES;
            }
            case INMR06 -> {
                checkTrailer();
                phase = Phase.END;
            }
            default -> throw new NetdataException(type + " among the data records", recOffset);
        }
        return false;
    }

    private ControlRecordType controlType() throws NetdataException {
        if (recLen < 6) {
            throw new NetdataException("control record of " + recLen + " bytes is shorter than its 6-byte identifier", recOffset);
        }
        ControlRecordType type = ControlRecordType.identify(rec, 0);
        if (type == null) {
            throw new NetdataException(String.format("unknown control record identifier X'%02X%02X%02X%02X%02X%02X'",
                    rec[0], rec[1], rec[2], rec[3], rec[4], rec[5]), recOffset);
        }
        return type;
    }

    /** Reads one logical record into {@code rec}; false at a clean end of input (between records). */
    private boolean readRecord() throws IOException {
        long segOffset = position();
        int length = readByte();
        if (length < 0) {
            return false;
        }
        recOffset = segOffset;
        recLen = 0;
        boolean first = true;
        while (true) {
            if (length < 2) {
                throw new NetdataException("segment length byte " + length + " is below 2", segOffset);
            }
            int flags = readByte();
            if (flags < 0) {
                throw new NetdataException("truncated segment: input ends before its flag byte", segOffset);
            }
            if ((flags & 0x1F) != 0) {
                throw new NetdataException(String.format("segment flags X'%02X' use reserved or unsupported bits (X'1F')", flags), segOffset);
            }
            boolean control = (flags & 0x20) != 0;
            if (first && (flags & 0x80) == 0) {
                throw new NetdataException(String.format("a record starts with a segment lacking the first-segment flag X'80' (flags X'%02X')", flags), segOffset);
            }
            if (!first && (flags & 0x80) != 0) {
                throw new NetdataException(String.format("segment with the first-segment flag X'80' (flags X'%02X') inside an unfinished record", flags), segOffset);
            }
            if (!first && control != recControl) {
                throw new NetdataException("the control flag X'20' changes inside a record", segOffset);
            }
            recControl = control;
            int n = length - 2;
            if ((long) recLen + n > maxRecordBytes) {
                throw new NetdataException("record longer than the maximum of " + maxRecordBytes + " bytes", recOffset);
            }
            if (recLen + n > rec.length) {
                rec = Arrays.copyOf(rec, (int) Math.min(maxRecordBytes, Math.max(recLen + n, 2L * rec.length)));
            }
            if (!readFully(rec, recLen, n)) {
                throw new NetdataException("truncated segment: " + n + " data bytes announced, input ends before", segOffset);
            }
            recLen += n;
            if ((flags & 0x40) != 0) {
                return true;
            }
            first = false;
            segOffset = position();
            length = readByte();
            if (length < 0) {
                throw new NetdataException("truncated record: input ends before its last segment (flag X'40')", segOffset);
            }
        }
    }

    private List<TextUnit> parseUnits(int from, ControlRecordType type) throws NetdataException {
        List<TextUnit> units = new ArrayList<>();
        int p = from;
        while (p < recLen) {
            if (recLen - p < 4) {
                throw unitError(type, p, "truncated text unit header (" + (recLen - p) + " bytes left, 4 needed)");
            }
            int key = u16(p);
            int number = u16(p + 2);
            p += 4;
            List<byte[]> values = new ArrayList<>(Math.min(number, 16));
            for (int i = 0; i < number; i++) {
                if (recLen - p < 2) {
                    throw unitError(type, p, "text unit " + TextUnitKey.name(key) + " value " + (i + 1) + " of " + number + " has no length field");
                }
                int len = u16(p);
                p += 2;
                if (recLen - p < len) {
                    throw unitError(type, p, "text unit " + TextUnitKey.name(key) + " value " + (i + 1) + " announces " + len + " bytes, only " + (recLen - p) + " left");
                }
                values.add(Arrays.copyOfRange(rec, p, p + len));
                p += len;
            }
            units.add(new TextUnit(key, values));
        }
        return units;
    }

    private NetdataException unitError(ControlRecordType type, int at, String what) {
        return new NetdataException(type + " (record starting at offset " + recOffset + "), body byte " + at + ": " + what, recOffset);
    }

    private int u16(int p) {
        return ((rec[p] & 0xFF) << 8) | (rec[p + 1] & 0xFF);
    }

    private void checkTrailer() throws IOException {
        while (true) {
            if (ipos == ilim && !fill()) {
                return;
            }
            for (int i = ipos; i < ilim; i++) {
                byte b = ibuf[i];
                if (b != 0x00 && b != 0x40) {
                    throw new NetdataException(String.format("byte X'%02X' after INMR06 (only X'00' or X'40' filler allowed)", b & 0xFF), base + i);
                }
            }
            ipos = ilim;
        }
    }

    private NetdataControl buildControl(List<TextUnit> inmr01, Map<Integer, List<List<TextUnit>>> inmr02,
                                        List<TextUnit> user, List<TextUnit> ack) {
        String fnode = "";
        String fuid = "";
        String tnode = "";
        String tuid = "";
        String time = "";
        long numf = 0;
        for (TextUnit u : inmr01) {
            switch (u.key()) {
                case TextUnitKey.INMFNODE -> fnode = u.text();
                case TextUnitKey.INMFUID -> fuid = u.text();
                case TextUnitKey.INMTNODE -> tnode = u.text();
                case TextUnitKey.INMTUID -> tuid = u.text();
                case TextUnitKey.INMFTIME -> time = u.text();
                case TextUnitKey.INMNUMF -> numf = u.number();
                default -> {
                    // kept in headerUnits
                }
            }
        }
        List<NetdataFileInfo> files = new ArrayList<>();
        for (Map.Entry<Integer, List<List<TextUnit>>> e : inmr02.entrySet()) {
            files.add(NetdataFileInfo.of(e.getKey(), e.getValue()));
        }
        return new NetdataControl(fnode, fuid, tnode, tuid, time, NetdataTimestamp.parse(time),
                (int) Math.min(Integer.MAX_VALUE, numf), files, inmr01, user, ack);
    }

    private long position() {
        return base + ipos;
    }

    private int readByte() throws IOException {
        if (ipos == ilim && !fill()) {
            return -1;
        }
        return ibuf[ipos++] & 0xFF;
    }

    private boolean readFully(byte[] dst, int off, int n) throws IOException {
        while (n > 0) {
            if (ipos == ilim && !fill()) {
                return false;
            }
            int chunk = Math.min(n, ilim - ipos);
            System.arraycopy(ibuf, ipos, dst, off, chunk);
            ipos += chunk;
            off += chunk;
            n -= chunk;
        }
        return true;
    }

    private boolean fill() throws IOException {
        if (eof) {
            return false;
        }
        base += ilim;
        ipos = 0;
        ilim = 0;
        if (ibuf == null) { // small inputs get a small buffer
            ibuf = new byte[Math.max(512, Math.min(MAX_INPUT_BUFFER, in.available() + 1))];
        }
        int r = in.read(ibuf, 0, ibuf.length);
        if (r == 0) { // a stream that returns 0: fall back to the blocking single-byte read
            int b = in.read();
            if (b >= 0) {
                ibuf[0] = (byte) b;
                r = 1;
            } else {
                r = -1;
            }
        }
        if (r < 0) {
            eof = true;
            return false;
        }
        ilim = r;
        return true;
    }
}
