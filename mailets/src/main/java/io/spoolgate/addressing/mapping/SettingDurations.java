package io.spoolgate.addressing.mapping;

import java.time.Duration;
import java.util.Locale;

/** Durations as written in Spoolgate settings: {@code 500ms}, {@code 2s}, {@code 5m}, {@code 1h}; a bare number is seconds. */
public final class SettingDurations {

    private SettingDurations() {
    }

    /** @throws IllegalArgumentException naming the key and the bad value */
    public static Duration parse(String key, String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        try {
            if (t.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2).trim()));
            }
            char unit = t.isEmpty() ? ' ' : t.charAt(t.length() - 1);
            String number = Character.isDigit(unit) ? t : t.substring(0, t.length() - 1).trim();
            long n = Long.parseLong(number);
            return switch (unit) {
                case 's' -> Duration.ofSeconds(n);
                case 'm' -> Duration.ofMinutes(n);
                case 'h' -> Duration.ofHours(n);
                default -> {
                    if (!Character.isDigit(unit)) {
                        throw new NumberFormatException();
                    }
                    yield Duration.ofSeconds(n);
                }
            };
        } catch (NumberFormatException | StringIndexOutOfBoundsException e) {
            throw new IllegalArgumentException(key + "='" + text + "' is not a duration (e.g. 500ms, 2s, 5m, 1h)");
        }
    }
}
