package io.spoolgate.vmspool.spool;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the names of punched reader files durable in the background, for a caller that records a mail as delivered
 * only later and can wait for that (the mail queue's journal: its DONE record).
 *
 * <p>A punch makes its data durable and then names it ({@code linkat(2)} or a rename), so a reader file that exists is
 * complete. Making the name itself durable is a second sync. With this syncer the punch does not wait for that sync:
 * it registers the folder ({@link #linked}) and returns, and whoever would forget the mail once it is delivered asks
 * {@link #afterNamesDurable} to do so only once every name registered before is on disk. A crash in between loses at
 * most a name whose mail is still live in the queue: it is offered again and punched again (an {@code .attrs} left
 * without data is ignored and cleaned up); a name that did survive is found by the mail's key and not punched twice.</p>
 *
 * <p>One thread ({@code spoolgate-names}) runs the syncs, one per batch of registered folders, through the backends'
 * own group commit: while punches keep coming it joins the syncs they run anyway for their data, and one thread wakes
 * per sync instead of every punching spooler thread. Names nobody waits for are synced within a second all the same.
 * If a sync fails, the batch is kept and tried again a second later (error SGV040E); the mails it covers stay in the
 * queue meanwhile.</p>
 */
public final class NameSyncer implements AutoCloseable {

    private static final Logger LOGGER = LoggerFactory.getLogger(NameSyncer.class);
    private static final Duration RETRY = Duration.ofSeconds(1);
    /** How long names may wait for their sync when no action waits for them. */
    private static final Duration LINGER = Duration.ofSeconds(1);

    private final Object lock = new Object();
    /* guarded by lock: folders named since the last batch was taken, by the durability steps of their spool */
    private Map<ReaderDurability, Set<Path>> pending = new IdentityHashMap<>();
    /* guarded by lock: actions waiting for the next batch, and for the batch being synced (null when none is) */
    private List<Runnable> afterPending = new ArrayList<>();
    private List<Runnable> afterRunning;
    private boolean closed;
    private final Thread thread;

    public NameSyncer() {
        thread = new Thread(this::loop, "spoolgate-names");
        thread.setDaemon(true);
        thread.start();
    }

    /** A file was named in {@code folder} of the spool made durable by {@code durability}; its name is not durable yet. */
    void linked(ReaderDurability durability, Path folder) {
        synchronized (lock) {
            if (pending.isEmpty()) {
                lock.notifyAll(); // starts the syncer's LINGER
            }
            pendingFor(durability).add(folder);
        }
    }

    /** The folders waiting for {@code durability}'s sync; called with the lock held. */
    private Set<Path> pendingFor(ReaderDurability durability) {
        return pending.computeIfAbsent(durability, d -> new HashSet<>());
    }

    /**
     * Runs {@code action} once the names of every file punched (through this syncer) before this call are on disk:
     * at once when they already are, else on the syncer's thread after the sync that covers them.
     */
    public void afterNamesDurable(Runnable action) {
        synchronized (lock) {
            if (!pending.isEmpty()) {
                afterPending.add(action);
                lock.notifyAll();
                return;
            }
            if (afterRunning != null) {
                afterRunning.add(action); // the names still waiting for their sync are all in the batch being synced
                return;
            }
        }
        action.run();
    }

    private void loop() {
        while (true) {
            Map<ReaderDurability, Set<Path>> folders;
            List<Runnable> actions;
            synchronized (lock) {
                try {
                    while (afterPending.isEmpty() && !closed) {
                        if (pending.isEmpty()) {
                            lock.wait();
                        } else {
                            lock.wait(LINGER.toMillis());
                            if (afterPending.isEmpty() && !pending.isEmpty()) {
                                break; // nobody waits for these names: they are made durable all the same
                            }
                        }
                    }
                } catch (InterruptedException e) {
                    closed = true;
                }
                if (afterPending.isEmpty() && pending.isEmpty()) {
                    return; // closed, and nothing left to sync
                }
                folders = pending;
                actions = afterPending;
                pending = new IdentityHashMap<>();
                afterPending = new ArrayList<>();
                afterRunning = actions;
            }
            if (!sync(folders)) {
                synchronized (lock) {
                    folders.forEach((durability, names) -> pendingFor(durability).addAll(names));
                    actions.addAll(afterPending);
                    afterPending = actions;
                    afterRunning = null;
                    if (closed) {
                        return; // the actions are not run: their mails stay in the queue and come again after a restart
                    }
                }
                pause();
                continue;
            }
            synchronized (lock) {
                afterRunning = null;
            }
            for (Runnable action : actions) {
                try {
                    action.run();
                } catch (RuntimeException e) {
                    LOGGER.error("SGV041E an action after a reader name sync failed", e);
                }
            }
        }
    }

    private static boolean sync(Map<ReaderDurability, Set<Path>> folders) {
        try {
            for (Map.Entry<ReaderDurability, Set<Path>> spool : folders.entrySet()) {
                spool.getKey().namesDurable(spool.getValue());
            }
            return true;
        } catch (IOException | RuntimeException e) {
            LOGGER.error("SGV040E cannot make the names of punched reader files durable ({}); the mails stay queued "
                + "and the sync is tried again", e.toString());
            return false;
        }
    }

    private void pause() {
        try {
            Thread.sleep(RETRY.toMillis());
        } catch (InterruptedException e) {
            synchronized (lock) {
                closed = true;
            }
        }
    }

    /**
     * Waits until the names registered so far are durable and the actions waiting for them have run, at most
     * {@code timeout}.
     *
     * @return false if that took longer (the sync keeps failing, or the syncer is closed)
     */
    public boolean flush(Duration timeout) {
        CountDownLatch done = new CountDownLatch(1);
        afterNamesDurable(done::countDown);
        try {
            return done.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Syncs what was registered (running the actions waiting for it), then stops the thread. */
    @Override
    public void close() {
        synchronized (lock) {
            closed = true;
            lock.notifyAll();
        }
        try {
            thread.join(RETRY.toMillis() * 5);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
