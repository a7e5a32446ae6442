package io.spoolgate.vmspool.spool;

import java.util.Locale;

/** CMS file name and type rules for spool file attributes: 1 to 8 characters, upper case, {@code UNKNOWN} when empty. */
public final class SpoolNames {

    public static final String UNKNOWN = "UNKNOWN";

    private SpoolNames() {
    }

    /**
     * The CMS name for {@code text}: upper-cased, characters outside {@code A-Z 0-9 @ # $ _ - +} dropped, cut to 8;
     * {@code UNKNOWN} when nothing is left.
     */
    public static String cmsName(String text) {
        if (text == null) {
            return UNKNOWN;
        }
        StringBuilder b = new StringBuilder(8);
        String upper = text.toUpperCase(Locale.ROOT);
        for (int i = 0; i < upper.length() && b.length() < 8; i++) {
            char c = upper.charAt(i);
            if (VmUserid.isUseridChar(c) || c == '+') {
                b.append(c);
            }
        }
        return b.length() == 0 ? UNKNOWN : b.toString();
    }

    /** A spool id as VM shows it and as reader file names carry it: at least four digits, zero-padded ({@code 0007}). */
    public static String spoolId(int spoolId) {
        if (spoolId < 0) {
            return String.format("%04d", spoolId);
        }
        String digits = Integer.toString(spoolId);
        return digits.length() >= 4 ? digits : "0000".substring(digits.length()) + digits;
    }

    /** The spool file name for mail from {@code sender}: its local part (or the whole text without '@'). */
    public static String fileNameForSender(String sender) {
        if (sender == null || sender.isEmpty()) {
            return UNKNOWN;
        }
        int at = sender.lastIndexOf('@');
        return cmsName(at > 0 ? sender.substring(0, at) : sender);
    }
}
