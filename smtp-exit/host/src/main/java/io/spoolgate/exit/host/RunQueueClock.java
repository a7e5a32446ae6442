package io.spoolgate.exit.host;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How long a thread has waited for a CPU — runnable, but kept off the processor by the scheduler — read from Linux's
 * per-thread scheduler statistics ({@code /proc/self/task/TID/schedstat}: run time, run-queue wait, time slices, in
 * nanoseconds since the thread started). The {@link InlineCallWatchdog} uses it so that time the machine took away
 * from a call's thread (a busy host, more runnable threads than cores) does not count against the exit's budget,
 * while time the exit itself spends running or blocked does.
 *
 * <p>Where the file cannot be read (not Linux, a kernel without {@code CONFIG_SCHED_INFO}, {@code /proc} not mounted)
 * every answer is {@link #UNKNOWN} and the budget is plain wall-clock time, as before.</p>
 */
final class RunQueueClock implements InlineCallWatchdog.RunQueue {
    /** The answer when the statistics cannot be read. */
    static final long UNKNOWN = -1;

    /** The one instance: it has no state. */
    static final RunQueueClock LINUX = new RunQueueClock();

    private static final Path THREAD_SELF = Path.of("/proc/thread-self");

    private RunQueueClock() {
    }

    /** @return the calling thread's kernel thread id (the {@code TID} of {@code /proc/self/task}), or {@link #UNKNOWN} */
    @Override
    public long currentThreadId() {
        try {
            String target = Files.readSymbolicLink(THREAD_SELF).toString(); // "PID/task/TID"
            return Long.parseLong(target.substring(target.lastIndexOf('/') + 1));
        } catch (IOException | RuntimeException e) {
            return UNKNOWN;
        }
    }

    /**
     * @param threadId a kernel thread id of this process (from {@link #currentThreadId()} on that thread)
     * @return the nanoseconds that thread has waited on a run queue since it started, or {@link #UNKNOWN} (also when
     *     the thread has ended)
     */
    @Override
    public long waitedNanos(long threadId) {
        if (threadId < 0) {
            return UNKNOWN;
        }
        try {
            return parseWaited(Files.readString(Path.of("/proc/self/task/" + threadId + "/schedstat"),
                StandardCharsets.US_ASCII));
        } catch (IOException | RuntimeException e) {
            return UNKNOWN;
        }
    }

    /** @return the second field of a {@code schedstat} line, or {@link #UNKNOWN} when it has none */
    static long parseWaited(String schedstat) {
        String[] fields = schedstat.trim().split("\\s+");
        if (fields.length < 2) {
            return UNKNOWN;
        }
        try {
            long waited = Long.parseLong(fields[1]);
            return waited < 0 ? UNKNOWN : waited;
        } catch (NumberFormatException e) {
            return UNKNOWN;
        }
    }
}
