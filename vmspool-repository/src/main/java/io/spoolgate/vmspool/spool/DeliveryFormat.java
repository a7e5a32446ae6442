package io.spoolgate.vmspool.spool;

import java.util.Locale;

/**
 * How a mail is laid out in a VM reader file.
 * <ul>
 * <li>{@code NETDATA} — the RFC 822 message as a CMS NOTE in NETDATA (one record per line, exact);</li>
 * <li>{@code BSMTP} — a batch SMTP transaction wrapped in NETDATA (records of any length, exact); for MAILER machines;</li>
 * <li>{@code BSMTP_CARDS} — the same transaction as plain 80-column punch cards (long lines folded, trailing blanks
 * not kept).</li>
 * </ul>
 * Configuration names are {@code netdata}, {@code bsmtp} and {@code bsmtp-cards}.
 */
public enum DeliveryFormat {
    NETDATA("netdata"),
    BSMTP("bsmtp"),
    BSMTP_CARDS("bsmtp-cards");

    private final String configName;

    DeliveryFormat(String configName) {
        this.configName = configName;
    }

    public String configName() {
        return configName;
    }

    /** @throws IllegalArgumentException listing the valid names */
    public static DeliveryFormat parse(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        for (DeliveryFormat f : values()) {
            if (f.configName.equals(n) || f.name().equalsIgnoreCase(n)) {
                return f;
            }
        }
        throw new IllegalArgumentException("unknown delivery format '" + name + "' (expected netdata, bsmtp or bsmtp-cards)");
    }
}
