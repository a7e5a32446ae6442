package io.spoolgate.exit.host;

import io.spoolgate.exit.ExitCall;
import io.spoolgate.exit.Verdict;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs exit calls on a bounded pool of exit threads and waits for each at most the time budget, so that a slow or
 * hanging exit never holds the SMTP server's I/O threads longer than that. A call past the budget is abandoned
 * (its thread is interrupted), counted and logged, and the configured {@link HostSettings.TimeoutPolicy} applies;
 * a call that throws, or that cannot be queued because every exit thread is busy, is treated the same way.
 */
public final class ExitInvoker implements AutoCloseable {
    private static final Logger LOGGER = LoggerFactory.getLogger(ExitInvoker.class);
    private static final long LOG_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final HostSettings settings;
    private final long budgetNanos;
    private final ThreadPoolExecutor pool;
    private final AtomicLong lastProblemLog = new AtomicLong(System.nanoTime() - LOG_INTERVAL_NANOS);
    private final InlineCallWatchdog watchdog;

    /** @param settings budget, thread count, queue capacity and timeout policy */
    public ExitInvoker(HostSettings settings) {
        this.settings = settings;
        this.budgetNanos = settings.budget().toNanos();
        BlockingQueue<Runnable> queue = settings.queueCapacity() == 0 ? new SynchronousQueue<>()
            : new ArrayBlockingQueue<>(settings.queueCapacity());
        this.pool = new ThreadPoolExecutor(settings.threads(), settings.threads(), 60, TimeUnit.SECONDS, queue,
            new ExitThreadFactory());
        this.pool.prestartAllCoreThreads();
        this.watchdog = new InlineCallWatchdog(budgetNanos, this::abandoned);
    }

    /** @return the settings this invoker runs with */
    public HostSettings settings() {
        return settings;
    }

    /**
     * Makes one exit call within the budget. On an {@link SmtpWorkerThread} that allows it, and for an exit that has
     * not overrun its budget lately, the call runs on the calling thread under the watchdog; so it does on an I/O
     * thread processing a command line itself ({@link IoThreadCalls}) for an exit declared non-blocking. Otherwise it
     * is handed to an exit thread and waited for at most the budget.
     *
     * @param instance the exit
     * @param call     the call, already carrying the exit's state and token
     * @return the exit's verdict, or the timeout policy's verdict if it did not answer usably in time
     */
    public Verdict invoke(ExitInstance instance, ExitCall call) {
        long start = System.nanoTime();
        if (Thread.currentThread() instanceof SmtpWorkerThread worker && worker.inlineExitCalls()
            && !instance.isIsolated()) {
            return invokeInline(worker, instance, call, start);
        }
        if (instance.callsMayRunOnIoThread() && IoThreadCalls.active()) {
            return invokeInline(null, instance, call, start);
        }
        Future<Verdict> future;
        try {
            future = pool.submit(() -> instance.exit().onCall(call));
        } catch (RejectedExecutionException e) {
            instance.metrics().timedOut(0);
            logProblem("SGX010W Exit {} call {} refused: all {} exit threads busy and queue full; {} applies",
                instance.name(), call.command(), settings.threads(), settings.onTimeout());
            return settings.onTimeout().verdictFor(call.command());
        }
        try {
            return answered(instance, future.get(budgetNanos, TimeUnit.NANOSECONDS), start);
        } catch (TimeoutException e) {
            future.cancel(true);
            instance.metrics().timedOut(System.nanoTime() - start);
            logProblem("SGX011W Exit {} call {} abandoned after the {} ms budget; {} applies", instance.name(),
                call.command(), settings.budget().toMillis(), settings.onTimeout());
            return settings.onTimeout().verdictFor(call.command());
        } catch (ExecutionException e) {
            return failed(instance, call, start, e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            future.cancel(true);
            instance.metrics().failed(System.nanoTime() - start);
            return settings.onTimeout().verdictFor(call.command());
        }
    }

    /** @param worker the worker thread making the call, or null for an I/O thread */
    private Verdict invokeInline(SmtpWorkerThread worker, ExitInstance instance, ExitCall call, long start) {
        InlineCallWatchdog.Slot slot = watchdog.slot();
        long number = slot.begin(instance, call.command(), start);
        Verdict verdict = null;
        Throwable failure = null;
        try {
            verdict = instance.exit().onCall(call);
        } catch (RuntimeException | Error e) {
            failure = e;
        }
        if (!slot.finish(number)) {
            if (worker != null) {
                worker.unblocked(); // the watchdog counted, logged and applied the policy's answer
            }
            return settings.onTimeout().verdictFor(call.command());
        }
        return failure != null ? failed(instance, call, start, failure) : answered(instance, verdict, start);
    }

    /** Counts the exit's verdict (none counts as continue) with its latency. */
    private static Verdict answered(ExitInstance instance, Verdict verdict, long start) {
        Verdict answer = verdict == null ? Verdict.CONTINUE : verdict;
        instance.metrics().answered(answer, System.nanoTime() - start);
        return answer;
    }

    /** An exit call threw: counted, logged (at most once a second), and the timeout policy answers. */
    private Verdict failed(ExitInstance instance, ExitCall call, long start, Throwable cause) {
        instance.metrics().failed(System.nanoTime() - start);
        logProblem("SGX012W Exit {} call {} failed: {}; {} applies", instance.name(), call.command(),
            String.valueOf(cause), settings.onTimeout());
        return settings.onTimeout().verdictFor(call.command());
    }

    /** The watchdog abandoned a call that ran on a worker (or I/O) thread past the budget. */
    private void abandoned(InlineCallWatchdog.Slot slot, long ranNanos) {
        ExitInstance instance = slot.instance();
        instance.metrics().timedOut(ranNanos);
        if (instance.isIsolated()) { // another call of the same incident: counted, and logged at most once a second
            logProblem("SGX011W Exit {} call {} abandoned after the {} ms budget; {} applies", instance.name(),
                slot.command(), settings.budget().toMillis(), settings.onTimeout());
        } else {
            Duration isolation = instance.isolate();
            LOGGER.warn("SGX013W Exit {} call {} ran past the {} ms budget on SMTP thread {} and was abandoned; "
                + "{} applies, and for the next {} min its calls run on the exit threads", instance.name(),
                slot.command(), settings.budget().toMillis(), slot.thread().getName(), settings.onTimeout(),
                isolation.toMinutes());
        }
        if (slot.thread() instanceof SmtpWorkerThread worker) {
            worker.blocked();
        }
    }

    /** Logs at most one problem line per second so a failing exit cannot flood the log; counters see them all. */
    private void logProblem(String format, Object... args) {
        long now = System.nanoTime();
        long last = lastProblemLog.get();
        if (now - last >= LOG_INTERVAL_NANOS && lastProblemLog.compareAndSet(last, now)) {
            LOGGER.warn(format, args);
        }
    }

    @Override
    public void close() {
        watchdog.close();
        pool.shutdownNow();
    }

    private static final class ExitThreadFactory implements ThreadFactory {
        private final AtomicInteger counter = new AtomicInteger();

        @Override
        public Thread newThread(Runnable runnable) {
            Thread thread = new Thread(runnable, "spoolgate-exit-" + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        }
    }
}
