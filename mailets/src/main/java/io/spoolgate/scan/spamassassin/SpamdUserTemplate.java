package io.spoolgate.scan.spamassassin;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * The spamd {@code User:} of a recipient, from a template: {@code %l} is the local part, {@code %d} the domain,
 * {@code %a} the whole address (all lower-cased), {@code %%} a percent sign; a template without {@code %} is a fixed
 * name. The empty template sends no {@code User:} (spamd then uses the user it runs as).
 */
public final class SpamdUserTemplate {
    /** No {@code User:} header. */
    public static final SpamdUserTemplate NONE = new SpamdUserTemplate("");
    private final String template;

    private SpamdUserTemplate(String template) {
        this.template = template;
    }

    /**
     * @param template the template, e.g. {@code %l}, {@code %a}, {@code mail-%d}, {@code spoolgate}; blank = none
     * @param where configuration key, for the error message
     * @return the template
     * @throws IllegalArgumentException naming the key when the template has an unknown {@code %} escape
     */
    public static SpamdUserTemplate parse(String template, String where) {
        String t = Objects.requireNonNull(template, "template").strip();
        for (int i = 0; i < t.length(); i++) {
            if (t.charAt(i) == '%') {
                char next = i + 1 < t.length() ? t.charAt(i + 1) : ' ';
                if ("lda%".indexOf(next) < 0) {
                    throw new IllegalArgumentException(where + ": unknown escape in spamd user '" + t
                        + "' (expected %l local part, %d domain, %a address or %%)");
                }
                i++;
            }
        }
        return t.isEmpty() ? NONE : new SpamdUserTemplate(t);
    }

    /** @return the template text, empty for none */
    public String template() {
        return template;
    }

    /**
     * @param recipient an address {@code local@domain}, or null when the mail has no recipient
     * @return the spamd user for it; empty for the empty template, or for a template that needs an address when
     *     there is none
     */
    public Optional<String> userFor(String recipient) {
        if (template.isEmpty()) {
            return Optional.empty();
        }
        if (recipient == null) {
            return template.indexOf('%') < 0 ? Optional.of(template) : Optional.empty();
        }
        String address = recipient.toLowerCase(Locale.ROOT);
        int at = address.lastIndexOf('@');
        String local = at >= 0 ? address.substring(0, at) : address;
        String domain = at >= 0 ? address.substring(at + 1) : "";
        StringBuilder user = new StringBuilder();
        for (int i = 0; i < template.length(); i++) {
            char c = template.charAt(i);
            if (c != '%') {
                user.append(c);
                continue;
            }
            char next = template.charAt(++i);
            switch (next) {
                case 'l' -> user.append(local);
                case 'd' -> user.append(domain);
                case 'a' -> user.append(address);
                default -> user.append('%');
            }
        }
        return user.isEmpty() ? Optional.empty() : Optional.of(user.toString());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SpamdUserTemplate other && other.template.equals(template);
    }

    @Override
    public int hashCode() {
        return template.hashCode();
    }

    @Override
    public String toString() {
        return template;
    }
}
