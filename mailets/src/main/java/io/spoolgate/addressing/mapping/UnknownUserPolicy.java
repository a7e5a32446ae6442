package io.spoolgate.addressing.mapping;

import java.util.Locale;

/** What happens to a recipient of a local domain no strategy knows. */
public enum UnknownUserPolicy {
    /** It goes to the default user's reader (VM SMTP's behaviour). */
    DEFAULT_USER,
    /** It is refused at RCPT time with 550 5.1.1. */
    REJECT;

    /** @throws IllegalArgumentException naming the valid values */
    public static UnknownUserPolicy parse(String text) {
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "default-user", "default_user" -> DEFAULT_USER;
            case "reject" -> REJECT;
            default -> throw new IllegalArgumentException("unknownUsers='" + text + "' (expected default-user or reject)");
        };
    }
}
