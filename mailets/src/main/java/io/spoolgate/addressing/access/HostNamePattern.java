package io.spoolgate.addressing.access;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A host name with {@code *} wildcards ({@code *.dialup.example}, {@code mail*.example.com}), compared without case
 * to the client's reverse-DNS name. {@code *} matches any run of characters, dots included.
 */
public final class HostNamePattern {

    private final Pattern pattern;
    private final String text;

    private HostNamePattern(Pattern pattern, String text) {
        this.pattern = pattern;
        this.text = text;
    }

    /** @throws IllegalArgumentException when {@code text} has characters a host name cannot have */
    public static HostNamePattern parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.isEmpty() || !t.chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '-' || c == '.' || c == '*' || c == '_')) {
            throw new IllegalArgumentException("'" + text + "' is not a host name pattern (letters, digits, - . _ and *)");
        }
        return new HostNamePattern(Pattern.compile(buildRegex(t)), t);
    }

    private static String buildRegex(String t) {
        String[] pieces = t.split("\\*", -1);
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < pieces.length; i++) {
            if (i > 0) {
                regex.append(".*");
            }
            regex.append(Pattern.quote(pieces[i]));
        }
        return regex.toString();
    }

    public boolean matches(String hostName) {
        String h = hostName.toLowerCase(Locale.ROOT);
        if (h.endsWith(".")) {
            h = h.substring(0, h.length() - 1);
        }
        return pattern.matcher(h).matches();
    }

    @Override
    public String toString() {
        return text;
    }
}
