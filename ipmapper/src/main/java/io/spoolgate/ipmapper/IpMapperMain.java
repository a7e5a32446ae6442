package io.spoolgate.ipmapper;

import io.spoolgate.ipmapper.config.ConfigException;
import io.spoolgate.ipmapper.config.IpMapperConfig;
import io.spoolgate.ipmapper.proxy.IpMapperServer;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.channels.FileChannel;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.ConsoleHandler;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The ipmapper program: {@code java -cp ... io.spoolgate.ipmapper.IpMapperMain --mapping FILE [options]}
 * (see {@link IpMapperOptions#USAGE}). Logs one line per event to standard error, reloads when a configuration
 * file changes (or on the control command {@code RELOAD}), stops cleanly on SIGTERM/SIGINT.
 * Exit status: 0 after a clean stop or a successful {@code --check}, 2 for bad options or configuration,
 * 1 when a port cannot be bound.
 */
public final class IpMapperMain {
    private IpMapperMain() {
    }

    /**
     * @param args command-line options
     */
    public static void main(String[] args) {
        configureLogging();
        int status = run(args, System.err);
        if (status != 0) {
            System.exit(status);
        }
    }

    /**
     * Starts the proxy and blocks until the JVM is asked to stop; or, with {@code --check}, only validates.
     *
     * @param args options
     * @param err  where problems are reported
     * @return the exit status
     */
    public static int run(String[] args, PrintStream err) {
        IpMapperOptions options;
        try {
            options = IpMapperOptions.parse(args);
        } catch (IllegalArgumentException e) {
            err.println("ipmapper: " + e.getMessage());
            err.println(IpMapperOptions.USAGE);
            return 2;
        }
        if (options.checkOnly()) {
            try {
                IpMapperConfig config = options.files().load();
                err.println("ipmapper: configuration OK: " + config.mappings().staticMappings().size() + " static mappings, "
                    + config.mappings().freePorts().size() + " transient ports");
                return 0;
            } catch (ConfigException e) {
                err.println("ipmapper: " + e.getMessage());
                return 2;
            }
        }
        IpMapperServer server;
        try {
            server = IpMapperServer.start(options.settings(), options.files());
        } catch (ConfigException e) {
            err.println("ipmapper: refusing to start: " + e.getMessage());
            return 2;
        } catch (IOException e) {
            err.println("ipmapper: refusing to start: " + e.getMessage());
            return 1;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        ScheduledExecutorService watcher = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "ipmapper-watch");
            thread.setDaemon(true);
            return thread;
        });
        if (!options.watchInterval().isZero()) {
            long period = options.watchInterval().toMillis();
            watcher.scheduleWithFixedDelay(server::reloadIfChanged, period, period, TimeUnit.MILLISECONDS);
        }
        try {
            if (options.pidFile().isPresent()) {
                writeAtomically(options.pidFile().get(), ProcessHandle.current().pid() + "\n");
            }
        } catch (IOException e) {
            err.println("ipmapper: cannot write pid file: " + e.getMessage());
            server.close();
            return 1;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            watcher.shutdownNow();
            err.println(java.time.Instant.now() + " INFO ipmapper stopping on signal"); // JUL is already shut down here
            server.close();
            options.pidFile().ifPresent(file -> {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException ignored) {
                    // nothing more to do while the JVM stops
                }
            });
            stopped.countDown();
        }, "ipmapper-stop"));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    static void writeAtomically(Path file, String content) throws IOException {
        Path absolute = file.toAbsolutePath();
        Path temp = Files.createTempFile(absolute.getParent(), absolute.getFileName().toString(), ".tmp");
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                channel.write(java.nio.ByteBuffer.wrap(content.getBytes(StandardCharsets.US_ASCII)));
                channel.force(true);
            }
            Files.move(temp, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private static void configureLogging() {
        Logger root = Logger.getLogger("");
        for (var handler : root.getHandlers()) {
            root.removeHandler(handler);
        }
        ConsoleHandler console = new ConsoleHandler();
        console.setFormatter(new OneLineLogFormat());
        console.setLevel(Level.ALL);
        root.addHandler(console);
        root.setLevel(Level.INFO);
    }
}
