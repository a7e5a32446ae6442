package io.spoolgate.vmspool.format;

import io.spoolgate.vmspool.ebcdic.Cp1047;

/**
 * Tells the {@link SpoolFormat} of spool content from its first bytes alone (no spool metadata).
 *
 * <ul>
 *   <li>{@link SpoolFormat#NETDATA}: the first segment has a length of at least 8, the "first segment" and "control"
 *       flags set ({@code X'80'}, {@code X'20'}) and the record id {@code INMR01} (EBCDIC {@code C9D5D4D9F0F1}).</li>
 *   <li>{@link SpoolFormat#BSMTP}: after skipping leading EBCDIC blanks, NULs and newline bytes ({@code X'40'},
 *       {@code X'00'}, {@code X'15'}, {@code X'25'}, {@code X'0D'}), the text starts with {@code HELO }, {@code EHLO },
 *       {@code MAIL FROM} or {@code TICK } (case-insensitive, EBCDIC 1047).</li>
 *   <li>{@link SpoolFormat#PLAIN}: everything else, including an empty head.</li>
 * </ul>
 * Pass at least the first 80 bytes (one card) for a reliable answer.
 */
public final class SpoolFormatDetector {

    private static final byte[] INMR01 = Cp1047.encode("INMR01");
    private static final String[] BSMTP_STARTS = {"HELO ", "EHLO ", "MAIL FROM", "TICK "};

    private SpoolFormatDetector() {
    }

    /**
     * @param head the first bytes of the content
     * @param len  how many bytes of {@code head} are valid
     * @return the detected format, never null
     */
    public static SpoolFormat detect(byte[] head, int len) {
        int n = Math.min(len, head.length);
        if (isNetdata(head, n)) {
            return SpoolFormat.NETDATA;
        }
        int i = 0;
        while (i < n && isSkippable(head[i])) {
            i++;
        }
        for (String start : BSMTP_STARTS) {
            if (startsWithIgnoreCase(head, i, n, start)) {
                return SpoolFormat.BSMTP;
            }
        }
        return SpoolFormat.PLAIN;
    }

    private static boolean isNetdata(byte[] head, int n) {
        if (n < 8 || (head[0] & 0xFF) < 8 || (head[1] & 0xA0) != 0xA0) {
            return false;
        }
        for (int k = 0; k < INMR01.length; k++) {
            if (head[2 + k] != INMR01[k]) {
                return false;
            }
        }
        return true;
    }

    private static boolean isSkippable(byte b) {
        return b == 0x40 || b == 0x00 || b == 0x15 || b == 0x25 || b == 0x0D;
    }

    private static boolean startsWithIgnoreCase(byte[] head, int from, int n, String word) {
        if (n - from < word.length()) {
            return false;
        }
        for (int k = 0; k < word.length(); k++) {
            char c = (char) Cp1047.toLatin1(head[from + k]);
            if (Character.toUpperCase(c) != word.charAt(k)) {
                return false;
            }
        }
        return true;
    }
}
