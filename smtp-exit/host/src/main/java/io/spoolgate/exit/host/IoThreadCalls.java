package io.spoolgate.exit.host;

import java.util.function.Supplier;

/**
 * Marks the stretches in which an SMTP server I/O thread processes a command line itself (see the SMTP workers'
 * lanes). Exit calls made there run on the I/O thread under the watchdog, for exits that declared themselves
 * non-blocking; any other exit's calls are handed to the exit threads as usual.
 */
public final class IoThreadCalls {
    private static final ThreadLocal<boolean[]> ACTIVE = ThreadLocal.withInitial(() -> new boolean[1]);

    private IoThreadCalls() {
    }

    /**
     * Runs the task with exit calls allowed to run on the calling thread.
     *
     * @param task what the I/O thread does itself
     */
    public static void run(Runnable task) {
        call(() -> {
            task.run();
            return null;
        });
    }

    /**
     * {@link #run} for a task with a result.
     *
     * @param task what the I/O thread does itself
     * @param <T>  the result's type
     * @return what the task returned
     */
    public static <T> T call(Supplier<T> task) {
        boolean[] active = ACTIVE.get();
        boolean outer = active[0];
        active[0] = true;
        try {
            return task.get();
        } finally {
            active[0] = outer;
        }
    }

    /** @return true on an I/O thread inside {@link #run} */
    public static boolean active() {
        return ACTIVE.get()[0];
    }
}
