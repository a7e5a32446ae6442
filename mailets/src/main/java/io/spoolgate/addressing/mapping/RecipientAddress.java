package io.spoolgate.addressing.mapping;

import java.util.Locale;

/**
 * A recipient as the mapping sees it: the local part exactly as sent, the domain in lower case.
 *
 * @param localPart the local part (without quotes)
 * @param domain    the domain, lower case
 */
public record RecipientAddress(String localPart, String domain) {

    public RecipientAddress {
        if (localPart == null || localPart.isEmpty()) {
            throw new IllegalArgumentException("recipient has an empty local part");
        }
        if (domain == null || domain.isEmpty()) {
            throw new IllegalArgumentException("recipient '" + localPart + "' has no domain");
        }
        domain = domain.toLowerCase(Locale.ROOT);
    }

    /** Splits {@code local@domain} at the last {@code @}. */
    public static RecipientAddress parse(String address) {
        int at = address.lastIndexOf('@');
        if (at <= 0 || at == address.length() - 1) {
            throw new IllegalArgumentException("'" + address + "' is not an address of the form local@domain");
        }
        return new RecipientAddress(address.substring(0, at), address.substring(at + 1));
    }

    public String asString() {
        return localPart + "@" + domain;
    }

    @Override
    public String toString() {
        return asString();
    }
}
