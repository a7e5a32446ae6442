package io.spoolgate.benchmarks.e2e;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Finds the Message-ID header of a message (in its header section only). */
final class MessageIds {

    private static final int MAX_HEADER_LINES = 10_000;

    private MessageIds() {
    }

    /** The Message-ID of the message read from {@code in}, without angle brackets. */
    static Optional<String> ofHeader(InputStream in) throws IOException {
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.ISO_8859_1));
        String line;
        for (int n = 0; n < MAX_HEADER_LINES && (line = r.readLine()) != null && !line.isEmpty(); n++) {
            Optional<String> id = ofLine(line);
            if (id.isPresent()) {
                return id;
            }
        }
        return Optional.empty();
    }

    /** The id when {@code line} is a Message-ID header line. */
    static Optional<String> ofLine(String line) {
        if (line.length() < 12 || !line.substring(0, 11).toLowerCase(Locale.ROOT).equals("message-id:")) {
            return Optional.empty();
        }
        String v = line.substring(11).trim();
        if (v.startsWith("<") && v.endsWith(">")) {
            v = v.substring(1, v.length() - 1);
        }
        return Optional.of(v);
    }

    static void count(Map<String, Integer> ids, Optional<String> id, String prefix) {
        id.filter(i -> i.startsWith(prefix)).ifPresent(i -> ids.merge(i, 1, Integer::sum));
    }
}
