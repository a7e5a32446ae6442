package io.spoolgate.exit.host.smtp;

import io.netty.util.concurrent.AbstractEventExecutor;
import io.netty.util.concurrent.DefaultPromise;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.netty.util.concurrent.Promise;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * The SMTP workers' thread pool as an (unordered) Netty executor, for the per-connection {@link Lane}s to run on.
 * Idle workers wait on a stack: a new task wakes the worker that went idle last, whose caches are still warm, so that
 * a few busy connections keep being served by the same few threads (a FIFO pool such as {@code ThreadPoolExecutor}
 * rotates through all its threads, and Netty's {@code UnorderedThreadPoolEventExecutor} adds a delay queue and a
 * promise per task: together about a sixth of James's CPU per SMTP transaction).
 * The pool can grow and shrink while it runs.
 */
final class WorkerPool extends AbstractEventExecutor {
    private static final Logger LOGGER = LoggerFactory.getLogger(WorkerPool.class);
    private final ThreadFactory factory;
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedDeque<Worker> idle = new ConcurrentLinkedDeque<>();
    private final AtomicInteger live = new AtomicInteger();
    private final Promise<Void> termination = new DefaultPromise<>(GlobalEventExecutor.INSTANCE);
    private volatile int target;
    private volatile boolean shutdown;

    /** @param threads worker threads @param factory makes them */
    WorkerPool(int threads, ThreadFactory factory) {
        this.factory = factory;
        resize(threads);
    }

    /** Grows (at once) or shrinks (as workers go idle) the pool. */
    synchronized void resize(int threads) {
        target = threads;
        while (live.get() < threads && !shutdown) {
            live.incrementAndGet();
            factory.newThread(new Worker()::loop).start();
        }
        if (live.get() > threads) {
            idle.forEach(worker -> LockSupport.unpark(worker.thread));
        }
    }

    @Override
    public void execute(Runnable task) {
        if (shutdown) {
            throw new RejectedExecutionException("SMTP workers are shut down");
        }
        tasks.offer(task);
        Worker worker = idle.pollFirst();
        if (worker != null) {
            LockSupport.unpark(worker.thread);
        }
    }

    private final class Worker {
        private Thread thread;

        void loop() {
            thread = Thread.currentThread();
            try {
                while (!shutdown) {
                    Runnable task = tasks.poll();
                    if (task != null) {
                        run(task);
                        continue;
                    }
                    int now = live.get();
                    if (now > target && live.compareAndSet(now, now - 1)) {
                        return; // the pool shrank
                    }
                    idle.offerFirst(this);
                    task = tasks.poll(); // a task offered before we were on the stack found nobody to wake
                    if (task != null) {
                        idle.remove(this);
                        run(task);
                        continue;
                    }
                    LockSupport.park(this);
                    idle.remove(this); // woken by a task (already off the stack), a resize or a spurious wake-up
                }
            } finally {
                if (shutdown) {
                    live.decrementAndGet();
                }
            }
        }

        private void run(Runnable task) {
            try {
                task.run();
            } catch (Throwable e) {
                LOGGER.error("SMTP worker task failed", e); // Netty's lanes catch their tasks' failures themselves
            }
        }
    }

    @Override
    public boolean inEventLoop(Thread thread) {
        return false; // unordered: only the lanes built on it are event loops
    }

    @Override
    public boolean isShuttingDown() {
        return shutdown;
    }

    @Override
    public Future<?> shutdownGracefully(long quietPeriod, long timeout, TimeUnit unit) {
        shutdown();
        return termination;
    }

    @Override
    public Future<?> terminationFuture() {
        return termination;
    }

    @Override
    @Deprecated
    public void shutdown() {
        shutdown = true;
        idle.forEach(worker -> LockSupport.unpark(worker.thread));
        termination.trySuccess(null);
    }

    @Override
    public boolean isShutdown() {
        return shutdown;
    }

    @Override
    public boolean isTerminated() {
        return shutdown && live.get() == 0;
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        while (!isTerminated() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        return isTerminated();
    }
}
