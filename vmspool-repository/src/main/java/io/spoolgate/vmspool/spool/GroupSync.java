package io.spoolgate.vmspool.spool;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Group commit of a sync: a caller that changed something calls {@link #sync()}, which returns once a sync that
 * <em>started after the call</em> has completed. While one sync runs, the callers that arrive wait and are all covered
 * by the next one, so twenty spooler threads punching at once pay for a few syncs instead of twenty. The sync is a
 * folder's fsync (its entries: files created, renamed, deleted) or a whole file system's {@code syncfs(2)}
 * ({@link FilesystemSync}).
 *
 * <p>If a sync fails, the thread that ran it gets the exception; the callers it would have covered try again
 * themselves, one of them running the next sync.
 */
final class GroupSync {

    /** The sync itself. */
    @FunctionalInterface
    interface Fsync {
        void run() throws IOException;
    }

    private final Fsync fsync;
    /* guarded by this: callers registered so far, callers covered by a completed sync, a sync running */
    private long registered;
    private long covered;
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
    }

    /**
     * Returns once what was written before this call is on disk.
     *
     * @throws IOException if the sync this thread ran failed
     */
    void sync() throws IOException {
        long upTo;
        synchronized (this) {
            long mine = ++registered;
            while (true) {
                if (covered >= mine) {
                    return;
                }
                if (!running) {
                    break;
                }
                try {
                    wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while waiting for a sync", e);
                }
            }
            running = true;
            upTo = registered; // every caller registered so far changed the folder before it registered
        }
        boolean done = false;
        try {
            fsync.run();
            done = true;
        } finally {
            synchronized (this) {
                running = false;
                if (done) {
                    covered = Math.max(covered, upTo);
                }
                notifyAll();
            }
        }
    }
}
