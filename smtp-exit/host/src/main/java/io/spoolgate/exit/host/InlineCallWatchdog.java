package io.spoolgate.exit.host;

import io.spoolgate.exit.ExitCommand;

import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;

/**
 * Watches exit calls that run directly on SMTP worker threads. A call still running past the budget is abandoned:
 * the watchdog interrupts its thread, reports it (the exit is then isolated: its later calls go to exit threads),
 * and tells the worker pool that a worker is blocked so that other connections keep being served. The caller, once
 * the exit returns, sees that its call was abandoned and applies the timeout policy instead of the exit's verdict.
 *
 * <p>Each worker thread owns one {@link Slot}; the state word (call number and phase) makes abandoning a call and
 * finishing it race-free: only the call that is still running can be abandoned, and the interrupt is always
 * delivered and cleared before the thread goes back to SMTP work.
 *
 * <p>The budget counts the time the exit had, not the time the machine took away: once a call has run a quarter of
 * the budget, the watchdog reads how long its thread has waited on the scheduler's run queue ({@link RunQueueClock}),
 * and time spent waiting for a CPU from then on does not count. On a host busier than its cores (the workers, the I/O
 * threads and the spooler all runnable at once) a call would otherwise overrun its budget without any fault of the
 * exit, and the exit would be isolated for nothing. A call that runs or blocks (I/O, a lock, a sleep) past the budget
 * is abandoned as before.
 */
final class InlineCallWatchdog implements AutoCloseable {
    private static final int IDLE = 0;
    private static final int RUNNING = 1;
    private static final int ABANDONING = 2;
    private static final int ABANDONED = 3;

    private final long budgetNanos;
    private final RunQueue runQueue;
    private final BiConsumer<Slot, Long> onAbandon;
    private final CopyOnWriteArrayList<Slot> slots = new CopyOnWriteArrayList<>();
    private final ThreadLocal<Slot> own = ThreadLocal.withInitial(this::register);
    private final Thread thread;
    private volatile boolean closed;

    /**
     * @param budgetNanos how long a call may run
     * @param onAbandon   told of every abandoned call (its slot, nanoseconds it had run), on the watchdog thread
     */
    InlineCallWatchdog(long budgetNanos, BiConsumer<Slot, Long> onAbandon) {
        this(budgetNanos, RunQueueClock.LINUX, onAbandon);
    }

    /** @param runQueue where the threads' run-queue waits come from (tests give their own) */
    InlineCallWatchdog(long budgetNanos, RunQueue runQueue, BiConsumer<Slot, Long> onAbandon) {
        this.budgetNanos = budgetNanos;
        this.runQueue = runQueue;
        this.onAbandon = onAbandon;
        long tick = Math.max(TimeUnit.MILLISECONDS.toNanos(1), budgetNanos / 10);
        this.thread = new Thread(() -> watch(tick), "spoolgate-exit-watchdog");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** @return the calling thread's slot */
    Slot slot() {
        return own.get();
    }

    private Slot register() {
        Slot slot = new Slot(Thread.currentThread(), runQueue.currentThreadId());
        slots.add(slot);
        return slot;
    }

    private void watch(long tick) {
        long last = System.nanoTime();
        boolean skipped = false;
        while (!closed) {
            long now = System.nanoTime();
            // a watchdog that woke up late saw the whole JVM (or machine) stand still, for a collection or a busy
            // host: calls that look late now were as stalled as the watchdog, so they get one more tick (one only:
            // on a host that is always late the watchdog must still abandon calls)
            boolean stalled = now - last > tick + budgetNanos / 2 && !skipped;
            skipped = stalled;
            last = now;
            for (Slot slot : slots) {
                if (!slot.thread.isAlive() && slot.idle()) {
                    slots.remove(slot);
                    continue;
                }
                long ran = stalled ? -1 : slot.abandonIfLate(now, budgetNanos, runQueue);
                if (ran >= 0) {
                    try {
                        onAbandon.accept(slot, ran);
                    } finally {
                        slot.abandoned(); // the owner waits for this before it goes on
                    }
                }
            }
            try {
                TimeUnit.NANOSECONDS.sleep(tick);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
    }

    /** The threads' run-queue waits: {@link RunQueueClock} on Linux. */
    interface RunQueue {
        /** @return the calling thread's id for {@link #waitedNanos}, or {@link RunQueueClock#UNKNOWN} */
        long currentThreadId();

        /** @return nanoseconds the thread has waited for a CPU so far, or {@link RunQueueClock#UNKNOWN} */
        long waitedNanos(long threadId);
    }

    /** One worker thread's call in progress, if any. */
    static final class Slot {
        private final Thread thread;
        private final long threadId;
        private final AtomicLong state = new AtomicLong();
        private volatile long startNanos;
        private volatile ExitInstance instance;
        private volatile ExitCommand command;

        // the watchdog's own: the call whose run-queue wait it has started to follow, and that wait's value then
        private long followedCall = -1;
        private long waitedWhenFollowed;

        Slot(Thread thread, long threadId) {
            this.thread = thread;
            this.threadId = threadId;
        }

        Thread thread() {
            return thread;
        }

        ExitInstance instance() {
            return instance;
        }

        ExitCommand command() {
            return command;
        }

        /** Called by the owner before the exit call. @return the call's number, for {@link #finish} */
        long begin(ExitInstance exit, ExitCommand call, long start) {
            long number = (state.get() >>> 2) + 1;
            startNanos = start;
            instance = exit;
            command = call;
            state.set(number << 2 | RUNNING);
            return number;
        }

        /**
         * Called by the owner after the exit call returned or threw.
         *
         * @return true if the call counts; false if the watchdog abandoned it (its interrupt is cleared here)
         */
        boolean finish(long number) {
            boolean counted = state.compareAndSet(number << 2 | RUNNING, number << 2 | IDLE);
            if (!counted) {
                while ((state.get() & 3) != ABANDONED) {
                    Thread.onSpinWait();
                }
                Thread.interrupted();
                state.set(number << 2 | IDLE);
            }
            instance = null; // the slot must not keep a replaced exit (and its class loader) reachable
            command = null;
            return counted;
        }

        boolean idle() {
            return (state.get() & 3) == IDLE;
        }

        /**
         * Called by the watchdog at each tick.
         *
         * @return how long the running call has run (wall-clock) if it was abandoned now, or -1
         */
        long abandonIfLate(long now, long budget, RunQueue runQueue) {
            long word = state.get();
            if ((word & 3) != RUNNING) {
                return -1;
            }
            long ran = now - startNanos;
            long excused = 0;
            if (ran >= budget / 4 && threadId != RunQueueClock.UNKNOWN) {
                long waited = runQueue.waitedNanos(threadId);
                if (waited != RunQueueClock.UNKNOWN) {
                    long call = word >>> 2;
                    if (followedCall != call) {
                        followedCall = call;
                        waitedWhenFollowed = waited;
                    }
                    excused = Math.max(0, waited - waitedWhenFollowed);
                }
            }
            if (ran - excused < budget || !state.compareAndSet(word, (word & ~3L) | ABANDONING)) {
                return -1;
            }
            thread.interrupt();
            return ran;
        }

        void abandoned() {
            long word = state.get();
            state.set((word & ~3L) | ABANDONED);
        }
    }
}
