package io.spoolgate.scan.policy;

import java.util.Locale;

/** What happens to a mail of a given category (amavis's "final_*_destiny"). */
public enum Destiny {
    /** Deliver (after tagging). */
    PASS,
    /** Drop silently (may still be quarantined by a separate rule). */
    DISCARD,
    /** Drop and send a DSN to the sender, unless the score is above the DSN cut-off or the sender is null. */
    BOUNCE,
    /** Keep in the category's quarantine repository (and/or forward to a quarantine address). */
    QUARANTINE,
    /** Viruses and banned parts: strip the offending parts, deliver the rest with a notice. */
    REMOVE,
    /** At SMTP time: refuse with 550; in the spooler behaves like BOUNCE. */
    REJECT;

    /**
     * @param value destiny name, any case
     * @param where configuration key, for the error message
     * @return the destiny
     * @throws IllegalArgumentException naming the key and the bad value
     */
    public static Destiny parse(String value, String where) {
        try {
            return valueOf(value.strip().toUpperCase(Locale.ROOT));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(where + ": unknown destiny '" + value
                + "' (expected PASS, DISCARD, BOUNCE, QUARANTINE, REMOVE or REJECT)");
        }
    }
}
