package io.spoolgate.exit.rules;

import java.util.Locale;
import java.util.regex.Pattern;

/** A case-insensitive wildcard pattern: {@code *} any characters, {@code ?} one character, all else literal. */
public final class Glob {
    private final Pattern pattern;
    private final String text;

    private Glob(Pattern pattern, String text) {
        this.pattern = pattern;
        this.text = text;
    }

    /** @param text the pattern, e.g. {@code *@example.com} @return the glob */
    public static Glob of(String text) {
        StringBuilder regex = new StringBuilder();
        StringBuilder literal = new StringBuilder();
        for (char c : text.toCharArray()) {
            if (c == '*' || c == '?') {
                if (literal.length() > 0) {
                    regex.append(Pattern.quote(literal.toString()));
                    literal.setLength(0);
                }
                regex.append(c == '*' ? ".*" : ".");
            } else {
                literal.append(c);
            }
        }
        if (literal.length() > 0) {
            regex.append(Pattern.quote(literal.toString()));
        }
        return new Glob(Pattern.compile(regex.toString(), Pattern.CASE_INSENSITIVE | Pattern.DOTALL), text);
    }

    /** @param value the text to test @return true if the whole text matches */
    public boolean matches(String value) {
        return value != null && pattern.matcher(value.toLowerCase(Locale.ROOT)).matches();
    }

    @Override
    public String toString() {
        return text;
    }
}
