package io.spoolgate.scan;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses durations written {@code 500ms}, {@code 30s}, {@code 5m}, {@code 2h}, {@code 7d} (a bare number is seconds). */
public final class Durations {
    private static final Pattern FORM = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)?");

    private Durations() {
    }

    /**
     * @param text the duration
     * @param where the configuration key or parameter, for the error message
     * @return the duration
     * @throws IllegalArgumentException naming the key and the bad value
     */
    public static Duration parse(String text, String where) {
        Matcher m = FORM.matcher(text == null ? "" : text.strip().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException(where + ": bad duration '" + text + "' (e.g. 500ms, 30s, 5m, 2h, 7d)");
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        return switch (unit) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
    }

    /**
     * @param text comma-separated durations
     * @param where the configuration key or parameter
     * @return the list, never empty
     */
    public static List<Duration> parseList(String text, String where) {
        List<Duration> out = new ArrayList<>();
        for (String piece : text.split(",")) {
            if (!piece.isBlank()) {
                out.add(parse(piece, where));
            }
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException(where + ": at least one duration is needed");
        }
        return out;
    }
}
