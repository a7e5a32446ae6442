package io.spoolgate.queue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;

/**
 * Settings of the durable mail queue, from {@code conf/queue.properties} (every key optional):
 *
 * <ul>
 *   <li>{@code queue.implementation} — {@code journal} (default: Spoolgate's journal queue) or {@code activemq}
 *       (James's embedded ActiveMQ queue in {@code var/store/activemq}, as before 0.1; use it to drain mail left
 *       there by an older installation);</li>
 *   <li>{@code journal.directory} — where the queues live, relative to James's working directory
 *       (default {@code var/store/queue});</li>
 *   <li>{@code journal.segment.mb} — size at which a journal segment file is closed and a new one begun (default 64);</li>
 *   <li>{@code journal.inline.kb} — mails up to this size are read back into memory in one read, larger ones are
 *       streamed from the journal when James reads them (default 1024).</li>
 * </ul>
 */
public record QueueSettings(String implementation, Path root, long segmentSize, int inlineLimit,
                            Duration housekeepingPeriod) {

    public static final String JOURNAL = "journal";
    public static final String ACTIVEMQ = "activemq";

    public QueueSettings {
        if (!JOURNAL.equals(implementation) && !ACTIVEMQ.equals(implementation)) {
            throw new IllegalArgumentException("queue.properties: queue.implementation must be 'journal' or 'activemq', not '"
                + implementation + "'");
        }
        if (segmentSize < 1024 * 1024) {
            throw new IllegalArgumentException("queue.properties: journal.segment.mb must be at least 1");
        }
        if (inlineLimit < 0) {
            throw new IllegalArgumentException("queue.properties: journal.inline.kb must not be negative");
        }
    }

    public static QueueSettings from(Properties properties, Path workingDirectory) {
        String implementation = properties.getProperty("queue.implementation", JOURNAL).trim();
        Path root = workingDirectory.resolve(properties.getProperty("journal.directory", "var/store/queue").trim());
        long segmentMb = number(properties, "journal.segment.mb", 64);
        long inlineKb = number(properties, "journal.inline.kb", 1024);
        if (inlineKb > Integer.MAX_VALUE / 1024) {
            throw new IllegalArgumentException("queue.properties: journal.inline.kb is too large");
        }
        return new QueueSettings(implementation, root, segmentMb * 1024 * 1024, (int) inlineKb * 1024,
            Duration.ofSeconds(5));
    }

    public boolean journal() {
        return JOURNAL.equals(implementation);
    }

    private static long number(Properties properties, String key, long fallback) {
        String value = properties.getProperty(key);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("queue.properties: " + key + " must be a number, not '" + value + "'");
        }
    }
}
