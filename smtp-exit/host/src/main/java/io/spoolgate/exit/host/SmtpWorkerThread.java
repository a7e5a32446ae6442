package io.spoolgate.exit.host;

/**
 * A thread that runs SMTP command processing for connections (one connection at a time, commands in order), off the
 * server's I/O threads. Exit calls made on such a thread may run on it directly, under the {@link InlineCallWatchdog}
 * instead of being handed to an exit thread: that saves the two thread wake-ups a hand-off costs per call.
 */
public final class SmtpWorkerThread extends Thread {
    private final boolean inlineExitCalls;
    private final Runnable blocked;
    private final Runnable unblocked;

    /**
     * @param task            what the thread runs
     * @param name            the thread's name
     * @param inlineExitCalls whether exit calls made on this thread run on it (false: they are handed to exit threads)
     * @param blocked         run (by the watchdog) when an exit call holds this thread past its budget, so that the
     *                        worker pool can make up for the thread it lost
     * @param unblocked       run (on this thread) when such a call has finally returned
     */
    public SmtpWorkerThread(Runnable task, String name, boolean inlineExitCalls, Runnable blocked, Runnable unblocked) {
        super(task, name);
        this.inlineExitCalls = inlineExitCalls;
        this.blocked = blocked;
        this.unblocked = unblocked;
        setDaemon(true);
    }

    /** @return true if exit calls made on this thread may run on it */
    public boolean inlineExitCalls() {
        return inlineExitCalls;
    }

    void blocked() {
        blocked.run();
    }

    void unblocked() {
        unblocked.run();
    }
}
