package io.spoolgate.scan.policy;

import java.util.Locale;

/**
 * A mail's category after scanning, in amavis's precedence order: the first that applies decides.
 */
public enum ScanCategory {
    /** A virus signature matched. */
    VIRUS,
    /** A banned file name or type was found. */
    BANNED,
    /** A scanner could not give a verdict and the site passes such mail (fail-open or too large). */
    UNCHECKED,
    /** Score at or above the kill level. */
    SPAM,
    /** Score at or above tag2. */
    SPAMMY,
    /** Nothing found. */
    CLEAN;

    /**
     * @param value category name, any case
     * @return the category
     * @throws IllegalArgumentException naming the bad value
     */
    public static ScanCategory parse(String value) {
        try {
            return valueOf(value.strip().toUpperCase(Locale.ROOT));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("unknown scan category '" + value
                + "' (expected virus, banned, unchecked, spam, spammy or clean)");
        }
    }
}
