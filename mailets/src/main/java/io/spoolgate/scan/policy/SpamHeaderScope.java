package io.spoolgate.scan.policy;

import java.util.Locale;

/**
 * Which recipients get the X-Spam-* headers, subject tag and defanging ({@code spam.headers}). amavis edits the
 * header only for recipients in {@code @local_domains}: mail relayed to the outside leaves as it came.
 */
public enum SpamHeaderScope {
    /** Only recipients whose domain is one of the server's local domains (default). */
    LOCAL,
    /** Every recipient. */
    ALL;

    /**
     * @param value {@code local} or {@code all}, any case
     * @param where configuration key, for the error message
     * @return the scope
     * @throws IllegalArgumentException naming the key and the bad value
     */
    public static SpamHeaderScope parse(String value, String where) {
        try {
            return valueOf(value.strip().toUpperCase(Locale.ROOT));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(where + ": expected local or all, got '" + value + "'");
        }
    }
}
