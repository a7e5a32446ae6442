package io.spoolgate.vmspool.netdata;

import io.spoolgate.vmspool.ebcdic.Cp1047;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One NETDATA text unit: a 2-byte key and 0..n values (raw bytes, EBCDIC for character units, big-endian for
 * numbers). Equality compares the value bytes.
 *
 * @param key    the key, 0..65535 (see {@link TextUnitKey})
 * @param values the values, each a byte array (not copied; do not modify)
 */
public record TextUnit(int key, List<byte[]> values) {

    /** Validates the key and freezes the value list. */
    public TextUnit {
        if (key < 0 || key > 0xFFFF) {
            throw new IllegalArgumentException("text unit key out of range: " + key);
        }
        values = List.copyOf(values);
    }

    /** A unit with one EBCDIC character value. */
    public static TextUnit text(int key, String latin1) {
        return new TextUnit(key, List.of(Cp1047.encode(latin1)));
    }

    /** A unit with one big-endian number of {@code width} bytes (1..8). */
    public static TextUnit number(int key, long value, int width) {
        if (width < 1 || width > 8) {
            throw new IllegalArgumentException("numeric width must be 1..8, was " + width);
        }
        byte[] b = new byte[width];
        for (int i = width - 1; i >= 0; i--) {
            b[i] = (byte) value;
            value >>>= 8;
        }
        return new TextUnit(key, List.of(b));
    }

    /** A unit with one value per string (EBCDIC), e.g. INMDSNAM fields. */
    public static TextUnit texts(int key, List<String> latin1) {
        List<byte[]> v = new ArrayList<>(latin1.size());
        for (String s : latin1) {
            v.add(Cp1047.encode(s));
        }
        return new TextUnit(key, v);
    }

    /** @return the mnemonic of the key */
    public String name() {
        return TextUnitKey.name(key);
    }

    /** @return the first value decoded from EBCDIC with trailing blanks removed, or "" if there is none */
    public String text() {
        return values.isEmpty() ? "" : Cp1047.decode(values.get(0)).stripTrailing();
    }

    /** @return every value decoded from EBCDIC with trailing blanks removed */
    public List<String> texts() {
        List<String> out = new ArrayList<>(values.size());
        for (byte[] v : values) {
            out.add(Cp1047.decode(v).stripTrailing());
        }
        return out;
    }

    /**
     * @return the first value as an unsigned big-endian number (values longer than 8 bytes: the low 4 bytes, as the
     *     format defines; an 8-byte value above {@link Long#MAX_VALUE}: {@link Long#MAX_VALUE}), or 0 if there is no
     *     value — never negative
     */
    public long number() {
        if (values.isEmpty()) {
            return 0;
        }
        byte[] v = values.get(0);
        int from = v.length > 8 ? v.length - 4 : 0;
        long r = 0;
        for (int i = from; i < v.length; i++) {
            if (r > (Long.MAX_VALUE >>> 8)) {
                return Long.MAX_VALUE; // an 8-byte value over 63 bits: saturate, callers check the range they accept
            }
            r = (r << 8) | (v[i] & 0xFF);
        }
        return r;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof TextUnit other) || other.key != key || other.values.size() != values.size()) {
            return false;
        }
        for (int i = 0; i < values.size(); i++) {
            if (!Arrays.equals(values.get(i), other.values.get(i))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        int h = key;
        for (byte[] v : values) {
            h = 31 * h + Arrays.hashCode(v);
        }
        return h;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(name()).append('[');
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                sb.append(", ");
            }
            byte[] v = values.get(i);
            sb.append("X'");
            for (byte b : v) {
                sb.append(String.format("%02X", b & 0xFF));
            }
            sb.append('\'');
        }
        return sb.append(']').toString();
    }
}
