package io.spoolgate.exit.rules;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Holds the current rules of a file and reloads them when the file's modification time or size changes. A file
 * that does not parse is reported (with its line) and the previous rules stay in force.
 */
public final class RuleFileWatcher implements AutoCloseable {
    private static final Logger LOGGER = LoggerFactory.getLogger(RuleFileWatcher.class);
    /** Largest rules file read. */
    static final long MAX_FILE_BYTES = 4L * 1024 * 1024;

    private final Path file;
    private final ScheduledExecutorService timer;
    private volatile RuleSet rules;
    private FileTime lastModified;
    private long lastSize;

    private RuleFileWatcher(Path file, RuleSet rules, FileTime modified, long size, Duration interval) {
        this.file = file;
        this.rules = rules;
        this.lastModified = modified;
        this.lastSize = size;
        if (interval.isZero()) {
            this.timer = null;
        } else {
            this.timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
                Thread thread = new Thread(runnable, "spoolgate-rules-reload");
                thread.setDaemon(true);
                return thread;
            });
            timer.scheduleWithFixedDelay(this::checkForChange, interval.toMillis(), interval.toMillis(),
                TimeUnit.MILLISECONDS);
        }
    }

    /**
     * Reads the file and starts watching it.
     *
     * @param file     the rules file
     * @param interval how often to look for changes (zero: never)
     * @return the watcher
     * @throws IOException              if the file cannot be read
     * @throws IllegalArgumentException if it does not parse (the message names the line)
     */
    public static RuleFileWatcher start(Path file, Duration interval) throws IOException {
        FileTime modified = Files.getLastModifiedTime(file);
        long size = Files.size(file);
        RuleSet rules = read(file, size);
        LOGGER.info("SMTP rules exit: {} rules loaded from {}", rules.size(), file);
        return new RuleFileWatcher(file, rules, modified, size, interval);
    }

    private static RuleSet read(Path file, long size) throws IOException {
        if (size > MAX_FILE_BYTES) {
            throw new IllegalArgumentException(file + ": rules file larger than " + MAX_FILE_BYTES + " bytes");
        }
        return RuleFileParser.parse(file.toString(), Files.readString(file, StandardCharsets.UTF_8));
    }

    /** @return the rules now in force */
    public RuleSet rules() {
        return rules;
    }

    /** Reloads the file if it changed; called by the timer, callable by tests. */
    synchronized void checkForChange() {
        try {
            FileTime modified = Files.getLastModifiedTime(file);
            long size = Files.size(file);
            if (modified.equals(lastModified) && size == lastSize) {
                return;
            }
            lastModified = modified;
            lastSize = size;
            RuleSet fresh = read(file, size);
            rules = fresh;
            LOGGER.info("SMTP rules exit: {} changed, {} rules now in force", file, fresh.size());
        } catch (IOException | IllegalArgumentException e) {
            LOGGER.error("SMTP rules exit: cannot reload {}: {}; the previous rules stay in force", file,
                e.getMessage());
        }
    }

    @Override
    public void close() {
        if (timer != null) {
            timer.shutdownNow();
        }
    }
}
