package io.spoolgate.scan.spamassassin;

import java.util.Locale;

/** What a mail is taught to SpamAssassin's Bayes as. */
public enum LearnClass {
    /** Unwanted mail. */
    SPAM,
    /** Wanted mail. */
    HAM;

    /** @return the value of spamd's {@code Message-class} header */
    public String protocolName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @param value "spam" or "ham", any case
     * @return the class
     * @throws IllegalArgumentException naming the bad value
     */
    public static LearnClass parse(String value) {
        if (value != null) {
            for (LearnClass c : values()) {
                if (c.name().equalsIgnoreCase(value.strip())) {
                    return c;
                }
            }
        }
        throw new IllegalArgumentException("learn class must be 'spam' or 'ham', got '" + value + "'");
    }
}
