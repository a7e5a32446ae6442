package io.spoolgate.vmspool.ebcdic;

import java.nio.charset.StandardCharsets;

/**
 * IBM code page 1047 (Latin-1 / Open Systems EBCDIC) as an explicit 256-entry table.
 *
 * <p>The table is the IBM CDRA bijection between CP1047 and ISO-8859-1: every EBCDIC byte maps to exactly one
 * Latin-1 code point (U+0000..U+00FF) and back. It maps {@code X'15'} (NL) to U+0085 (NEL) and {@code X'25'} (LF)
 * to U+000A (LF), as IBM's CDRA does. The JDK's {@code IBM1047} charset swaps these two entries; everywhere else
 * the JDK charset and this table agree.
 *
 * <p>All methods are static, allocation-free (except {@link #encode(String)} and {@link #decode(byte[], int, int)})
 * and thread-safe.
 */
public final class Cp1047 {

    /** EBCDIC byte value -> Latin-1 code point. */
    private static final char[] TO_LATIN1 = {
        0x00, 0x01, 0x02, 0x03, 0x9C, 0x09, 0x86, 0x7F, 0x97, 0x8D, 0x8E, 0x0B, 0x0C, 0x0D, 0x0E, 0x0F,
        0x10, 0x11, 0x12, 0x13, 0x9D, 0x85, 0x08, 0x87, 0x18, 0x19, 0x92, 0x8F, 0x1C, 0x1D, 0x1E, 0x1F,
        0x80, 0x81, 0x82, 0x83, 0x84, 0x0A, 0x17, 0x1B, 0x88, 0x89, 0x8A, 0x8B, 0x8C, 0x05, 0x06, 0x07,
        0x90, 0x91, 0x16, 0x93, 0x94, 0x95, 0x96, 0x04, 0x98, 0x99, 0x9A, 0x9B, 0x14, 0x15, 0x9E, 0x1A,
        0x20, 0xA0, 0xE2, 0xE4, 0xE0, 0xE1, 0xE3, 0xE5, 0xE7, 0xF1, 0xA2, 0x2E, 0x3C, 0x28, 0x2B, 0x7C,
        0x26, 0xE9, 0xEA, 0xEB, 0xE8, 0xED, 0xEE, 0xEF, 0xEC, 0xDF, 0x21, 0x24, 0x2A, 0x29, 0x3B, 0x5E,
        0x2D, 0x2F, 0xC2, 0xC4, 0xC0, 0xC1, 0xC3, 0xC5, 0xC7, 0xD1, 0xA6, 0x2C, 0x25, 0x5F, 0x3E, 0x3F,
        0xF8, 0xC9, 0xCA, 0xCB, 0xC8, 0xCD, 0xCE, 0xCF, 0xCC, 0x60, 0x3A, 0x23, 0x40, 0x27, 0x3D, 0x22,
        0xD8, 0x61, 0x62, 0x63, 0x64, 0x65, 0x66, 0x67, 0x68, 0x69, 0xAB, 0xBB, 0xF0, 0xFD, 0xFE, 0xB1,
        0xB0, 0x6A, 0x6B, 0x6C, 0x6D, 0x6E, 0x6F, 0x70, 0x71, 0x72, 0xAA, 0xBA, 0xE6, 0xB8, 0xC6, 0xA4,
        0xB5, 0x7E, 0x73, 0x74, 0x75, 0x76, 0x77, 0x78, 0x79, 0x7A, 0xA1, 0xBF, 0xD0, 0x5B, 0xDE, 0xAE,
        0xAC, 0xA3, 0xA5, 0xB7, 0xA9, 0xA7, 0xB6, 0xBC, 0xBD, 0xBE, 0xDD, 0xA8, 0xAF, 0x5D, 0xB4, 0xD7,
        0x7B, 0x41, 0x42, 0x43, 0x44, 0x45, 0x46, 0x47, 0x48, 0x49, 0xAD, 0xF4, 0xF6, 0xF2, 0xF3, 0xF5,
        0x7D, 0x4A, 0x4B, 0x4C, 0x4D, 0x4E, 0x4F, 0x50, 0x51, 0x52, 0xB9, 0xFB, 0xFC, 0xF9, 0xFA, 0xFF,
        0x5C, 0xF7, 0x53, 0x54, 0x55, 0x56, 0x57, 0x58, 0x59, 0x5A, 0xB2, 0xD4, 0xD6, 0xD2, 0xD3, 0xD5,
        0x30, 0x31, 0x32, 0x33, 0x34, 0x35, 0x36, 0x37, 0x38, 0x39, 0xB3, 0xDB, 0xDC, 0xD9, 0xDA, 0x9F,
    };

    /** EBCDIC byte -> Latin-1 byte, as bytes for the bulk loops. */
    private static final byte[] E2A = new byte[256];
    /** Latin-1 byte -> EBCDIC byte. */
    private static final byte[] A2E = new byte[256];

    static {
        boolean[] seen = new boolean[256];
        for (int e = 0; e < 256; e++) {
            int a = TO_LATIN1[e];
            if (seen[a]) {
                throw new ExceptionInInitializerError("CP1047 table is not a bijection at X'" + Integer.toHexString(e) + "'");
            }
            seen[a] = true;
            E2A[e] = (byte) a;
            A2E[a] = (byte) e;
        }
    }

    /** The EBCDIC blank, {@code X'40'}. */
    public static final byte BLANK = 0x40;

    private Cp1047() {
    }

    /**
     * Translates one Latin-1 code point to EBCDIC.
     *
     * @param latin1 a code point 0..255 (higher bits are ignored: only the low 8 bits are used)
     * @return the EBCDIC byte
     */
    public static byte toEbcdic(int latin1) {
        return A2E[latin1 & 0xFF];
    }

    /**
     * Translates one EBCDIC byte to Latin-1.
     *
     * @param ebcdic the EBCDIC byte
     * @return the Latin-1 code point, 0..255
     */
    public static int toLatin1(byte ebcdic) {
        return E2A[ebcdic & 0xFF] & 0xFF;
    }

    /**
     * Translates {@code len} Latin-1 bytes to EBCDIC. {@code src} and {@code dst} may be the same array and range.
     */
    public static void toEbcdic(byte[] src, int srcOff, byte[] dst, int dstOff, int len) {
        checkRange(src, srcOff, len);
        checkRange(dst, dstOff, len);
        final byte[] t = A2E;
        for (int i = 0; i < len; i++) {
            dst[dstOff + i] = t[src[srcOff + i] & 0xFF];
        }
    }

    /**
     * Translates {@code len} EBCDIC bytes to Latin-1. {@code src} and {@code dst} may be the same array and range.
     */
    public static void toLatin1(byte[] src, int srcOff, byte[] dst, int dstOff, int len) {
        checkRange(src, srcOff, len);
        checkRange(dst, dstOff, len);
        final byte[] t = E2A;
        for (int i = 0; i < len; i++) {
            dst[dstOff + i] = t[src[srcOff + i] & 0xFF];
        }
    }

    /**
     * Encodes a text made only of Latin-1 characters.
     *
     * @throws IllegalArgumentException naming the character and its index if a character is above U+00FF
     */
    public static byte[] encode(String latin1Text) {
        int n = latin1Text.length();
        byte[] out = new byte[n];
        for (int i = 0; i < n; i++) {
            char c = latin1Text.charAt(i);
            if (c > 0xFF) {
                throw new IllegalArgumentException(String.format(
                        "character U+%04X at index %d is not representable in code page 1047 (only U+0000..U+00FF are)",
                        (int) c, i));
            }
            out[i] = A2E[c];
        }
        return out;
    }

    /** Decodes EBCDIC bytes to a (Latin-1) string. */
    public static String decode(byte[] ebcdic, int off, int len) {
        byte[] latin1 = new byte[len];
        toLatin1(ebcdic, off, latin1, 0, len);
        return new String(latin1, StandardCharsets.ISO_8859_1);
    }

    /** Decodes a whole EBCDIC array to a (Latin-1) string. */
    public static String decode(byte[] ebcdic) {
        return decode(ebcdic, 0, ebcdic.length);
    }

    /** @return a fresh copy of the Latin-1 -> EBCDIC table (index: Latin-1 code point), for fused codec loops */
    public static byte[] latin1ToEbcdicTable() {
        return A2E.clone();
    }

    /** @return a fresh copy of the EBCDIC -> Latin-1 table (index: EBCDIC byte value), for fused codec loops */
    public static byte[] ebcdicToLatin1Table() {
        return E2A.clone();
    }

    private static void checkRange(byte[] a, int off, int len) {
        if (off < 0 || len < 0 || off > a.length - len) {
            throw new IndexOutOfBoundsException("range [" + off + ", " + off + "+" + len + ") outside array of length " + a.length);
        }
    }
}
