package io.spoolgate.exit.host.smtp;

import io.netty.util.concurrent.AbstractEventExecutor;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.OrderedEventExecutor;
import io.spoolgate.exit.host.IoThreadCalls;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One connection's serial executor on the SMTP workers: its tasks run one at a time, in order, on whichever worker
 * is free. While a task runs, the lane knows its thread ({@link #inEventLoop}), so Netty passes events between the
 * connection's handlers on the lane directly instead of queueing each hop again (Netty 4.1.86's own
 * {@code NonStickyEventExecutorGroup} lanes never report being in their loop: every handler-to-handler event went
 * back through the queue, which cost CPU and let an exception raised by the line decoder reach James's handler
 * after the lines that followed it).
 *
 * <p>A task the connection's I/O thread hands to an idle lane after {@link #offerNextTaskToCaller} runs on the I/O
 * thread itself: a single command line whose processing cannot block then costs no thread hand-off at all.
 */
final class Lane extends AbstractEventExecutor implements OrderedEventExecutor, Runnable {
    private static final int TASKS_PER_TURN = 256;

    private final WorkerPool pool;
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final AtomicReference<Thread> runningOn = new AtomicReference<>();
    private Thread offeredTo; // written on the connection's I/O thread only; another thread never matches it

    /** @param pool the workers that run the lane's tasks */
    Lane(WorkerPool pool) {
        this.pool = pool;
    }

    /**
     * @return true if no task is queued or running: then nothing but the connection's I/O thread (which alone passes
     *     inbound events to the lane) can give the lane work, and what the last task wrote is visible to it
     */
    boolean idle() {
        return !scheduled.get();
    }

    /**
     * Offers to run the next task handed to this lane on the calling thread, the connection's I/O thread, if the lane
     * is still idle then ({@link CommandLinePeek}). Call {@link #withdrawOffer} right after passing the event on.
     */
    void offerNextTaskToCaller() {
        offeredTo = Thread.currentThread();
    }

    /** Takes back an offer the event it was made for did not use. */
    void withdrawOffer() {
        offeredTo = null;
    }

    @Override
    public void execute(Runnable task) {
        if (offeredTo != null && offeredTo == Thread.currentThread()) {
            offeredTo = null;
            if (scheduled.compareAndSet(false, true)) {
                if (tasks.isEmpty()) {
                    runOnCaller(task);
                    return;
                }
                tasks.offer(task); // another thread got a task in first: it goes first, on a worker
                pool.execute(this);
                return;
            }
        }
        tasks.offer(task);
        if (scheduled.compareAndSet(false, true)) {
            pool.execute(this);
        }
    }

    @Override
    public void run() {
        Thread self = Thread.currentThread();
        runningOn.set(self);
        try {
            for (int done = 0; done < TASKS_PER_TURN; done++) {
                Runnable task = tasks.poll();
                if (task == null) {
                    scheduled.set(false);
                    // a task offered after the poll found the lane still scheduled and did not schedule it again
                    if (tasks.isEmpty() || !scheduled.compareAndSet(false, true)) {
                        return;
                    }
                    continue;
                }
                safeExecute(task);
            }
        } finally {
            runningOn.compareAndSet(self, null); // a worker that took the lane over meanwhile keeps its mark
        }
        pool.execute(this); // its turn is over: the other lanes waiting for a worker go first
    }

    /** Runs one task on the calling thread, which owns the lane meanwhile; what other threads queued goes on after it. */
    private void runOnCaller(Runnable task) {
        Thread self = Thread.currentThread();
        runningOn.set(self);
        try {
            IoThreadCalls.run(() -> safeExecute(task));
        } finally {
            runningOn.compareAndSet(self, null);
        }
        scheduled.set(false);
        if (!tasks.isEmpty() && scheduled.compareAndSet(false, true)) {
            pool.execute(this);
        }
    }

    @Override
    public boolean inEventLoop(Thread thread) {
        return thread == runningOn.get();
    }

    @Override
    public boolean isShuttingDown() {
        return pool.isShuttingDown();
    }

    @Override
    public Future<?> shutdownGracefully(long quietPeriod, long timeout, TimeUnit unit) {
        return pool.terminationFuture(); // a lane ends with its connection; the pool is shut down as a whole
    }

    @Override
    public Future<?> terminationFuture() {
        return pool.terminationFuture();
    }

    @Override
    @Deprecated
    public void shutdown() {
        // see shutdownGracefully
    }

    @Override
    public boolean isShutdown() {
        return pool.isShutdown();
    }

    @Override
    public boolean isTerminated() {
        return pool.isTerminated();
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
        return pool.awaitTermination(timeout, unit);
    }
}
