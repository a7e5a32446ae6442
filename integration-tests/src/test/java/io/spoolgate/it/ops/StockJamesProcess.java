package io.spoolgate.it.ops;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The stock James 3.8.1 memory app ({@code org.apache.james.MemoryJamesServerMain}) in a child JVM, started the way
 * an administrator starts a James distribution: its own jar folder on the class path (plus, as the release
 * artifact's lib/README.txt says, Spoolgate's {@code lib/}), {@code -Dworking.directory} at the installation, which
 * holds {@code conf/} and {@code extensions-jars/}.
 */
final class StockJamesProcess implements AutoCloseable {

    private final Process process;
    private final Path log;

    private StockJamesProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    static StockJamesProcess start(Path jamesDir, Path extraLib, int smtpPort, Duration timeout) throws Exception {
        Path log = jamesDir.resolve("james.log");
        String cp = jamesDir.resolve(StockJames.LIB) + "/*:" + extraLib + "/*";
        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
            "-Dworking.directory=" + jamesDir, "-Dlogback.configurationFile=" + jamesDir.resolve("conf/logback.xml"),
            "-cp", cp, "org.apache.james.MemoryJamesServerMain");
        Process p = new ProcessBuilder(cmd).directory(jamesDir.toFile()).redirectErrorStream(true)
            .redirectOutput(log.toFile()).start();
        StockJamesProcess james = new StockJamesProcess(p, log);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                throw new IllegalStateException("James exited during start-up:\n" + james.logTail());
            }
            try (Socket s = new Socket("127.0.0.1", smtpPort)) {
                if (s.getInputStream().read() == '2') {
                    return james;
                }
            } catch (IOException notYet) {
                Thread.sleep(250);
            }
        }
        james.close();
        throw new IllegalStateException("James did not answer SMTP within " + timeout + ":\n" + james.logTail());
    }

    String logTail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(30, TimeUnit.SECONDS);
            }
        }
    }
}
