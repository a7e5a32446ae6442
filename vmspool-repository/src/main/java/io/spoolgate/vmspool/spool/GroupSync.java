package io.spoolgate.vmspool.spool;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Group commit of a sync: a caller that changed something calls {@link #sync()}, which returns once a sync that
 * <em>started after the call</em> has completed. While one sync runs, the callers that arrive wait and are all covered
 * by the next one, so twenty spooler threads punching at once pay for a few syncs instead of twenty. The sync is a
 * folder's fsync (its entries: files created, renamed, deleted) or a whole file system's {@code syncfs(2)}
 * ({@link FilesystemSync}).
 *
 * <p>The callers are kept in <em>generations</em>: the callers that arrive while a sync runs form the next one, and
 * each generation waits on a condition of its own. A completed sync wakes exactly the callers it covers, and one
 * caller of the next generation to run the next sync; the callers still waiting for a later sync sleep on. (Waking
 * every waiter at each completion, as one shared monitor does, cost the spooler a futile wake-up and sleep per punch
 * and then some: in the 4 KB benchmark a sync of the spool takes about 6 ms and covers the punches of about 7
 * mails.)</p>
 *
 * <p>If a sync fails, the thread that ran it gets the exception; the callers it would have covered try again
 * themselves, one of them running the next sync.</p>
 */
final class GroupSync {

    /** The sync itself. */
    @FunctionalInterface
    interface Fsync {
        void run() throws IOException;
    }

    /** The callers one sync covers. Its fields are guarded by the lock. */
    private static final class Generation {
        final Condition ended;
        /** callers of this generation still waiting for it (or about to run it) */
        int waiting;
        boolean finished;
        boolean succeeded;

        Generation(Condition ended) {
            this.ended = ended;
        }
    }

    private final Fsync fsync;
    private final ReentrantLock lock = new ReentrantLock();
    /* guarded by lock: the generation callers join now (covered by the next sync to start), a sync running */
    private Generation next;
    private boolean running;

    /** @param dir the folder to fsync */
    GroupSync(Path dir) {
        this(() -> {
            try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
                ch.force(true);
            }
        });
    }

    GroupSync(Fsync fsync) {
        this.fsync = fsync;
        this.next = new Generation(lock.newCondition());
    }

    /**
     * Returns once what was written before this call is on disk.
     *
     * @throws IOException if the sync this thread ran failed
     */
    void sync() throws IOException {
        Generation mine;
        lock.lock();
        try {
            while (true) {
                mine = next;
                mine.waiting++;
                awaitTurn(mine);
                if (!mine.finished) {
                    break; // no sync running and ours not run yet: this thread runs it
                }
                mine.waiting--;
                if (mine.succeeded) {
                    return;
                }
                // the sync that would have covered us failed (its runner has the exception): join the next one
            }
            running = true;
            mine.waiting--;
            next = new Generation(lock.newCondition());
        } finally {
            lock.unlock();
        }
        boolean succeeded = false;
        try {
            fsync.run();
            succeeded = true;
        } finally {
            lock.lock();
            try {
                running = false;
                mine.finished = true;
                mine.succeeded = succeeded;
                mine.ended.signalAll();
                if (next.waiting > 0) {
                    next.ended.signal(); // one of the next generation runs the next sync
                }
            } finally {
                lock.unlock();
            }
        }
    }

    /** Waits (holding the lock) until {@code mine} has finished, or no sync runs and {@code mine} may start. */
    private void awaitTurn(Generation mine) throws IOException {
        while (running && !mine.finished) {
            try {
                mine.ended.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                mine.waiting--;
                if (!running && !mine.finished && mine.waiting > 0) {
                    mine.ended.signal(); // this thread may have been the one woken to run it: pass that on
                }
                throw new IOException("interrupted while waiting for a sync", e);
            }
        }
    }
}
