package io.spoolgate.vmspool.spool;

import java.util.Locale;
import java.util.Optional;

/**
 * A z/VM user identifier: 1 to 8 characters from {@code A-Z 0-9 @ # $ _ -}, upper case (what CP accepts in a
 * directory {@code USER} statement). Instances are always valid.
 */
public final class VmUserid implements Comparable<VmUserid> {

    public static final int MAX_LENGTH = 8;

    private final String value;

    private VmUserid(String value) {
        this.value = value;
    }

    /**
     * @param text a userid in any case
     * @return the userid, upper-cased
     * @throws IllegalArgumentException naming the offending character when {@code text} is not a valid userid
     */
    public static VmUserid of(String text) {
        if (text == null || text.isEmpty()) {
            throw new IllegalArgumentException("VM userid is empty");
        }
        String upper = text.toUpperCase(Locale.ROOT);
        if (upper.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("VM userid '" + text + "' is longer than 8 characters");
        }
        for (int i = 0; i < upper.length(); i++) {
            if (!isUseridChar(upper.charAt(i))) {
                throw new IllegalArgumentException("VM userid '" + text + "' has an invalid character '"
                    + upper.charAt(i) + "' at position " + (i + 1));
            }
        }
        return new VmUserid(upper);
    }

    /** The userid {@code text} would be, or empty when it is not a valid userid. */
    public static Optional<VmUserid> parse(String text) {
        try {
            return Optional.of(of(text));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /**
     * The default MAPUSER rule: the first 8 characters of a mail local part, upper-cased; empty when those characters
     * are not a valid userid (for example {@code john.doe}).
     */
    public static Optional<VmUserid> fromLocalPart(String localPart) {
        if (localPart == null || localPart.isEmpty()) {
            return Optional.empty();
        }
        return parse(localPart.length() > MAX_LENGTH ? localPart.substring(0, MAX_LENGTH) : localPart);
    }

    static boolean isUseridChar(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '@' || c == '#' || c == '$' || c == '_' || c == '-';
    }

    public String value() {
        return value;
    }

    @Override
    public int compareTo(VmUserid other) {
        return value.compareTo(other.value);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof VmUserid other && value.equals(other.value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    @Override
    public String toString() {
        return value;
    }
}
