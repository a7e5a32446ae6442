package io.spoolgate.it.ops;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs one of the shipped shell scripts to completion (bounded) and keeps its exit code and merged output. */
record Script(int exitCode, String output) {

    static Script run(Path script, Duration timeout, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(script.toString());
        cmd.addAll(List.of(args));
        Path out = Files.createTempFile("spoolgate-script-", ".out");
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
            if (!p.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
                throw new AssertionError(script + " did not finish within " + timeout + ":\n"
                    + Files.readString(out, StandardCharsets.UTF_8));
            }
            return new Script(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
        }
    }

    /** The output lines that start with {@code status} (PASS, WARN, FAIL). */
    List<String> lines(String status) {
        return output.lines().filter(l -> l.startsWith(status + " ")).toList();
    }

    @Override
    public String toString() {
        return "exit " + exitCode + ":\n" + output;
    }
}
