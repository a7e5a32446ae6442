package io.spoolgate.queue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import javax.annotation.PreDestroy;
import javax.inject.Inject;

import org.apache.james.metrics.api.GaugeRegistry;
import org.apache.james.queue.api.MailQueue;
import org.apache.james.queue.api.MailQueueFactory;
import org.apache.james.queue.api.MailQueueItemDecoratorFactory;
import org.apache.james.queue.api.MailQueueName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.common.collect.ImmutableSet;

import io.spoolgate.vmspool.james.SpoolBackends;
import io.spoolgate.vmspool.spool.NameSyncer;

/**
 * James's {@link MailQueueFactory} for {@link JournalMailQueue}s: one journal directory per queue under the
 * queue root ({@code var/store/queue/spool}, {@code var/store/queue/outgoing}, …), opened (and recovered) when James
 * first asks for the queue. A housekeeping thread deletes drained journal segments and carries long-waiting mail
 * forward every few seconds.
 */
public final class JournalMailQueueFactory implements MailQueueFactory<JournalMailQueue> {

    private static final Logger LOGGER = LoggerFactory.getLogger(JournalMailQueueFactory.class);

    private final Path root;
    private final QueueSettings settings;
    private final MailQueueItemDecoratorFactory decorators;
    private final GaugeRegistry gauges;
    private final ConcurrentHashMap<MailQueueName, JournalMailQueue> queues = new ConcurrentHashMap<>();
    private final ScheduledExecutorService housekeeping;
    private final Set<MailQueueName> gauged = ConcurrentHashMap.newKeySet();
    private final NameSyncer names;

    @Inject
    public JournalMailQueueFactory(QueueSettings settings, MailQueueItemDecoratorFactory decorators, GaugeRegistry gauges) {
        this.root = settings.root();
        this.settings = settings;
        this.decorators = decorators;
        this.gauges = gauges;
        // punches into the reader spool may now return before their file names are durable: a delivered mail's DONE
        // record waits for them (DeliveryBarrier)
        this.names = SpoolBackends.deferNames();
        this.housekeeping = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "spoolgate-queue-housekeeping");
            thread.setDaemon(true);
            return thread;
        });
        long period = settings.housekeepingPeriod().toMillis();
        housekeeping.scheduleWithFixedDelay(this::houseKeep, period, period, TimeUnit.MILLISECONDS);
        LOGGER.info("SGQ002I durable mail queues in {} (journal segments of {} MB, group commit)", root,
            settings.segmentSize() / (1024 * 1024));
    }

    @Override
    public Optional<JournalMailQueue> getQueue(MailQueueName name, PrefetchCount count) {
        Optional<JournalMailQueue> queue = Optional.ofNullable(queues.get(name)).filter(q -> !q.isClosed());
        queue.ifPresent(JournalMailQueue::reference);
        return queue;
    }

    @Override
    public JournalMailQueue createQueue(MailQueueName name, PrefetchCount count) {
        // a queue all of whose users closed it is opened again (and recovered from its journal)
        JournalMailQueue queue = queues.compute(name, (key, existing) ->
            existing == null || existing.isClosed() ? open(key) : existing);
        queue.reference();
        return queue;
    }

    private JournalMailQueue open(MailQueueName name) {
        try {
            JournalMailQueue queue = new JournalMailQueue(name, root.resolve(directoryName(name)), settings.segmentSize(),
                settings.inlineLimit(), decorators, names::afterNamesDurable);
            if (gauged.add(name)) {
                gauges.register(MailQueue.QUEUE_SIZE_METRIC_NAME_PREFIX + name.asString(), () -> {
                    JournalMailQueue current = queues.get(name);
                    return current == null || current.isClosed() ? 0L : current.getSize();
                });
            }
            return queue;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open mail queue " + name.asString() + " in " + root + ": "
                + e.getMessage(), e);
        }
    }

    /** A directory name for a queue name: letters, digits, '.', '-' and '_' as they are, anything else as %XX. */
    static String directoryName(MailQueueName name) {
        StringBuilder out = new StringBuilder();
        for (byte b : name.asString().getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_'
                || (c == '.' && out.length() > 0)) {
                out.append(c);
            } else {
                out.append('%').append(String.format("%02X", b & 0xff));
            }
        }
        return out.toString();
    }

    @Override
    public Set<MailQueueName> listCreatedMailQueues() {
        return ImmutableSet.copyOf(queues.keySet());
    }

    private void houseKeep() {
        for (JournalMailQueue queue : queues.values()) {
            try {
                int moved = queue.carryForward();
                int deleted = queue.journal().deleteDrainedSegments();
                if (moved > 0 || deleted > 0) {
                    LOGGER.debug("queue {}: {} mails carried forward, {} segments deleted", queue.getName().asString(),
                        moved, deleted);
                }
            } catch (RuntimeException e) {
                LOGGER.warn("SGQ016W housekeeping of queue {} failed", queue.getName().asString(), e);
            }
        }
    }

    @PreDestroy
    public void close() {
        housekeeping.shutdownNow();
        names.flush(Duration.ofSeconds(5)); // the DONE records of the mails delivered last, while the journals are open
        queues.values().forEach(JournalMailQueue::closeNow);
        queues.clear();
    }
}
