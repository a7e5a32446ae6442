package io.spoolgate.vmspool.netdata;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/** NETDATA date/time values: EBCDIC digits YYYYMMDDHHMMSS plus an optional fraction, GMT. */
final class NetdataTimestamp {

    private NetdataTimestamp() {
    }

    /** @return the 20-digit GMT form (YYYYMMDDHHMMSS + microseconds) CMS writes */
    static String format(Instant instant) {
        LocalDateTime t = LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
        if (t.getYear() < 0 || t.getYear() > 9999) {
            throw new IllegalArgumentException("time stamp year outside 0000..9999: " + instant);
        }
        char[] d = new char[20];
        digits(d, 0, t.getYear(), 4);
        digits(d, 4, t.getMonthValue(), 2);
        digits(d, 6, t.getDayOfMonth(), 2);
        digits(d, 8, t.getHour(), 2);
        digits(d, 10, t.getMinute(), 2);
        digits(d, 12, t.getSecond(), 2);
        digits(d, 14, t.getNano() / 1000, 6);
        return new String(d);
    }

    private static void digits(char[] d, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            d[i] = (char) ('0' + value % 10);
            value /= 10;
        }
    }

    /**
     * @return the instant for a digit string of at least 4 digits (missing trailing parts are taken as their minimum),
     *     or null if the text is not such a time stamp
     */
    static Instant parse(String digits) {
        int n = digits.length();
        if (n < 4) {
            return null;
        }
        for (int i = 0; i < n; i++) {
            char c = digits.charAt(i);
            if (c < '0' || c > '9') {
                return null;
            }
        }
        try {
            int year = Integer.parseInt(digits.substring(0, 4));
            int month = field(digits, 4, 1);
            int day = field(digits, 6, 1);
            int hour = field(digits, 8, 0);
            int minute = field(digits, 10, 0);
            int second = field(digits, 12, 0);
            int nanos = 0;
            if (n > 14) {
                String frac = (digits.substring(14) + "000000000").substring(0, 9);
                nanos = Integer.parseInt(frac);
            }
            return LocalDateTime.of(year, month, day, hour, minute, second, nanos).toInstant(ZoneOffset.UTC);
        } catch (java.time.DateTimeException | NumberFormatException e) {
            return null;
        }
    }

    private static int field(String digits, int at, int dflt) {
        return digits.length() >= at + 2 ? Integer.parseInt(digits.substring(at, at + 2)) : dflt;
    }
}
