package io.spoolgate.it.support;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * James with the bundle in a child JVM started like the launcher does (main class
 * {@code io.spoolgate.launcher.SpoolgateServerMain}, {@code -Dworking.directory}), so that a test can kill it hard
 * ({@code kill -9}) and start it again on the same working directory.
 */
public final class ForkedJames implements AutoCloseable {

    private final Process process;
    private final Path log;
    private final int smtpPort;

    private ForkedJames(Process process, Path log, int smtpPort) {
        this.process = process;
        this.log = log;
        this.smtpPort = smtpPort;
    }

    /** A free loopback port for a server's fixed configuration. */
    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** Starts James on {@code home} and waits until SMTP answers on {@code smtpPort}. */
    public static ForkedJames start(SpoolgateHome home, int smtpPort, Duration timeout) throws Exception {
        Path log = home.dir().resolve("logs").resolve("james-" + System.nanoTime() + ".log");
        Files.createDirectories(log.getParent());
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx512m");
        cmd.add("-Dworking.directory=" + home.dir());
        cmd.add("-Dlogback.configurationFile=" + home.dir().resolve("conf/logback.xml"));
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add("io.spoolgate.launcher.SpoolgateServerMain");
        return start(cmd, home.dir(), log, smtpPort, timeout);
    }

    /**
     * Starts any James command line in {@code workDir}, its output in {@code log}, and waits until SMTP answers on
     * {@code smtpPort} (bounded by {@code timeout}; a JVM that exits or never answers fails with the log's tail).
     */
    public static ForkedJames start(List<String> command, Path workDir, Path log, int smtpPort, Duration timeout)
        throws Exception {
        Process p = new ProcessBuilder(command).directory(workDir.toFile())
            .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        ForkedJames james = new ForkedJames(p, log, smtpPort);
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
        james.kill();
        throw new IllegalStateException("James did not answer SMTP within " + timeout + ":\n" + james.logTail());
    }

    public int smtpPort() {
        return smtpPort;
    }

    /** kill -9: no shutdown hook, no flush, nothing. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    public String logTail() {
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
                kill();
            }
        }
    }
}
