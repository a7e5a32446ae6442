package io.spoolgate.vmspool.spool;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Makes a folder's entries durable with as few fsyncs as it takes: a caller that created or renamed a file in the
 * folder calls {@link #sync()}, which returns once an fsync of the folder that <em>started after the call</em> has
 * completed. While one fsync runs, the callers that arrive wait and are all covered by the next one (group commit),
 * so twenty spooler threads punching into one reader pay for a few folder fsyncs instead of twenty.
 *
 * <p>If an fsync fails, the thread that ran it gets the exception; the callers it would have covered try again
 * themselves, one of them running the next fsync.
 */
final class DirectorySync {

    /** The fsync itself (a seam for tests). */
    @FunctionalInterface
    interface Fsync {
        void run() throws IOException;
    }

    private final Fsync fsync;
    /* guarded by this: callers registered so far, callers covered by a completed fsync, an fsync running */
    private long registered;
    private long covered;
    private boolean running;

    /** @param dir the folder to fsync */
    DirectorySync(Path dir) {
        this(() -> {
            try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
                ch.force(true);
            }
        });
    }

    DirectorySync(Fsync fsync) {
        this.fsync = fsync;
    }

    /**
     * Returns once the folder's entries as they were when this was called are on disk.
     *
     * @throws IOException if the fsync this thread ran failed
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
                    throw new IOException("interrupted while waiting for the folder's fsync", e);
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
