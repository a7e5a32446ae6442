package io.spoolgate.addressing.mapping;

import java.util.Locale;

/** CMS file type of the reader file a recipient gets: {@code MAIL} (VM SMTP's default) or {@code NOTE}. */
public enum ReaderFileType {
    MAIL,
    NOTE;

    /** @throws IllegalArgumentException naming the valid types */
    public static ReaderFileType parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown reader file type '" + text + "' (expected MAIL or NOTE)");
        }
    }
}
