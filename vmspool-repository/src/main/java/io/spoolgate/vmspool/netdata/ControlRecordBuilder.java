package io.spoolgate.vmspool.netdata;

import io.spoolgate.vmspool.ebcdic.Cp1047;
import java.util.Arrays;
import java.util.List;

/** Builds the body of one control record (id, optional file number, text units) straight into bytes. */
final class ControlRecordBuilder {

    private byte[] buf = new byte[256];
    private int len;

    /** Starts a record with its 6-byte id and, for INMR02, the 4-byte file number (pass -1 for none). */
    ControlRecordBuilder start(ControlRecordType type, int fileNumber) {
        len = 0;
        ensure(10);
        type.writeId(buf, 0);
        len = 6;
        if (fileNumber >= 0) {
            put(fileNumber, 4);
        }
        return this;
    }

    /** A unit with one EBCDIC character value. */
    ControlRecordBuilder text(int key, String latin1) {
        put(key, 2);
        put(1, 2);
        value(latin1);
        return this;
    }

    /** A unit with one value per string. */
    ControlRecordBuilder texts(int key, List<String> latin1) {
        put(key, 2);
        put(latin1.size(), 2);
        for (String s : latin1) {
            value(s);
        }
        return this;
    }

    /** A unit with one big-endian number of {@code width} bytes. */
    ControlRecordBuilder number(int key, long value, int width) {
        put(key, 2);
        put(1, 2);
        put(width, 2);
        put(value, width);
        return this;
    }

    /** A unit without values (e.g. INMTERM). */
    ControlRecordBuilder flag(int key) {
        put(key, 2);
        put(0, 2);
        return this;
    }

    byte[] bytes() {
        return buf;
    }

    int length() {
        return len;
    }

    private void value(String latin1) {
        int n = latin1.length();
        put(n, 2);
        ensure(n);
        for (int i = 0; i < n; i++) {
            buf[len + i] = Cp1047.toEbcdic(latin1.charAt(i));
        }
        len += n;
    }

    private void put(long value, int width) {
        ensure(width);
        for (int i = width - 1; i >= 0; i--) {
            buf[len + i] = (byte) value;
            value >>>= 8;
        }
        len += width;
    }

    private void ensure(int more) {
        if (len + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(len + more, buf.length * 2));
        }
    }
}
