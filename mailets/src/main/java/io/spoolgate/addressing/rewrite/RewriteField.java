package io.spoolgate.addressing.rewrite;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/** What a masquerading rule may rewrite (Exim's rewrite flags). Configuration names are the lower-case, dashed forms. */
public enum RewriteField {
    ENVELOPE_SENDER("envelope-sender", null),
    ENVELOPE_RECIPIENTS("envelope-recipients", null),
    FROM("from", "From"),
    SENDER("sender", "Sender"),
    REPLY_TO("reply-to", "Reply-To"),
    TO("to", "To"),
    CC("cc", "Cc"),
    RETURN_PATH("return-path", "Return-Path"),
    MESSAGE_ID("message-id", "Message-ID");

    private final String configName;
    private final String headerName;

    RewriteField(String configName, String headerName) {
        this.configName = configName;
        this.headerName = headerName;
    }

    public String configName() {
        return configName;
    }

    /** The header this field is, or null for envelope fields. */
    public String headerName() {
        return headerName;
    }

    /** Parses {@code from, sender, envelope-sender} (commas or blanks); {@code all} means every field. */
    public static Set<RewriteField> parseList(String text) {
        EnumSet<RewriteField> result = EnumSet.noneOf(RewriteField.class);
        for (String word : text.split("[,\\s]+")) {
            String w = word.trim().toLowerCase(Locale.ROOT);
            if (w.isEmpty()) {
                continue;
            }
            if (w.equals("all")) {
                return EnumSet.allOf(RewriteField.class);
            }
            RewriteField found = null;
            for (RewriteField f : values()) {
                if (f.configName.equals(w)) {
                    found = f;
                }
            }
            if (found == null) {
                throw new IllegalArgumentException("unknown rewrite field '" + word + "' (expected all or some of "
                    + "envelope-sender, envelope-recipients, from, sender, reply-to, to, cc, return-path, message-id)");
            }
            result.add(found);
        }
        return result;
    }
}
