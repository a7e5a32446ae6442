package io.spoolgate.exit.host;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Parses the argument of {@code MAIL FROM:} and {@code RCPT TO:} into the address (without angle brackets; the
 * empty string for {@code <>}) and the ESMTP parameters. Tolerant: the server itself decides whether the syntax
 * is acceptable; the exit only gets the best reading.
 *
 * @param address    the address
 * @param parameters the ESMTP parameters, keys upper case, in order
 */
public record SmtpArguments(String address, Map<String, String> parameters) {

    /** Longest argument parsed; the rest is ignored (SMTP lines are at most 512 octets anyway). */
    static final int MAX_LENGTH = 4096;

    /**
     * @param argument the text after the verb, e.g. {@code FROM:<a@b> SIZE=12}
     * @param prefix   {@code FROM:} or {@code TO:}
     * @return the parsed address and parameters
     */
    public static SmtpArguments parse(String argument, String prefix) {
        if (argument == null) {
            return new SmtpArguments("", Map.of());
        }
        String text = argument.length() > MAX_LENGTH ? argument.substring(0, MAX_LENGTH) : argument;
        text = text.trim();
        if (text.regionMatches(true, 0, prefix, 0, prefix.length())) {
            text = text.substring(prefix.length()).trim();
        }
        String address;
        String rest;
        if (text.startsWith("<")) {
            int close = text.indexOf('>');
            address = close < 0 ? text.substring(1) : text.substring(1, close);
            rest = close < 0 ? "" : text.substring(close + 1);
        } else {
            int space = text.indexOf(' ');
            address = space < 0 ? text : text.substring(0, space);
            rest = space < 0 ? "" : text.substring(space);
        }
        int colon = address.indexOf(':');
        if (address.startsWith("@") && colon > 0) {
            address = address.substring(colon + 1); // drop a source route, as RFC 5321 tells servers to
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        for (String word : rest.trim().split("\\s+")) {
            if (word.isEmpty()) {
                continue;
            }
            int equals = word.indexOf('=');
            String key = (equals < 0 ? word : word.substring(0, equals)).toUpperCase(Locale.ROOT);
            parameters.put(key, equals < 0 ? "" : word.substring(equals + 1));
        }
        return new SmtpArguments(address.trim(), parameters);
    }
}
