package io.spoolgate.ipmapper.fuzz;

import io.spoolgate.ipmapper.config.ConfigException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/** Shared pieces of the Jazzer fuzz tests of the ipmapper parsers. */
final class ConfigFuzzing {

    static final String SOURCE = "fuzz.conf";

    private ConfigFuzzing() {
    }

    /** Splits fuzzed bytes into lines the way {@code ConfigLines.readFile} does (UTF-8, CRLF or LF). */
    static List<String> lines(byte[] input) {
        return Arrays.asList(new String(input, StandardCharsets.UTF_8).split("\r?\n", -1));
    }

    static void check(boolean condition, String what) {
        if (!condition) {
            throw new AssertionError(what);
        }
    }

    /** The documented error: names the source and a line that exists (0 = the whole file). */
    static void checkRejection(ConfigException e, List<String> lines) {
        check(e.line() >= 0 && e.line() <= lines.size(), "line " + e.line() + " outside 0.." + lines.size() + ": " + e.getMessage());
        check(SOURCE.equals(e.source()) && e.getMessage().startsWith(SOURCE), "message does not name the source: " + e.getMessage());
    }

    static void checkPort(int port, String what) {
        check(port >= 1 && port <= 65535, what + " " + port + " outside 1..65535");
    }
}
