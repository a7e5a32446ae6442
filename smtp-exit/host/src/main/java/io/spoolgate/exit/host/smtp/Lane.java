package io.spoolgate.exit.host.smtp;

import io.netty.util.concurrent.AbstractEventExecutor;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.OrderedEventExecutor;

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
 */
final class Lane extends AbstractEventExecutor implements OrderedEventExecutor, Runnable {
    private static final int TASKS_PER_TURN = 256;

    private final WorkerPool pool;
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final AtomicReference<Thread> runningOn = new AtomicReference<>();

    /** @param pool the workers that run the lane's tasks */
    Lane(WorkerPool pool) {
        this.pool = pool;
    }

    @Override
    public void execute(Runnable task) {
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
