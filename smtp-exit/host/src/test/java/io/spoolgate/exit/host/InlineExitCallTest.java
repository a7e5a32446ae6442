package io.spoolgate.exit.host;

import io.spoolgate.exit.ExitCall;
import io.spoolgate.exit.ExitCommand;
import io.spoolgate.exit.SmtpExit;
import io.spoolgate.exit.Verdict;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import static io.spoolgate.exit.host.ExitFixtures.call;
import static io.spoolgate.exit.host.ExitFixtures.instance;
import static org.assertj.core.api.Assertions.assertThat;

/** Exit calls made on SMTP worker threads run there, under the watchdog. */
class InlineExitCallTest {
    private final AtomicInteger blocked = new AtomicInteger();
    private final AtomicInteger unblocked = new AtomicInteger();
    private final AtomicLong blockedAt = new AtomicLong();

    private static ExitInvoker invoker(HostSettings.TimeoutPolicy policy) {
        return new ExitInvoker(new HostSettings(Duration.ofMillis(30), 2, 4, policy, Duration.ofSeconds(1),
            Duration.ofSeconds(1)));
    }

    /** Runs the task on a worker thread like the SMTP workers' and returns its result. */
    private <T> T onWorker(boolean inline, Supplier<T> task) throws Exception {
        CompletableFuture<T> result = new CompletableFuture<>();
        Thread worker = new SmtpWorkerThread(() -> {
            try {
                result.complete(task.get());
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        }, "test-worker", inline, () -> {
            blockedAt.set(System.nanoTime());
            blocked.incrementAndGet();
        }, unblocked::incrementAndGet);
        worker.start();
        return result.get(10, TimeUnit.SECONDS);
    }

    @Test
    void aCallOnAWorkerRunsOnThatThread() throws Exception {
        AtomicReference<String> ranOn = new AtomicReference<>();
        ExitInstance exit = instance(new SmtpExit() {
            @Override
            public Verdict onCall(ExitCall call) {
                ranOn.set(Thread.currentThread().getName());
                return Verdict.rejectMessage(550, "5.7.1 no");
            }
        });
        try (ExitInvoker invoker = invoker(HostSettings.TimeoutPolicy.CONTINUE)) {
            assertThat(onWorker(true, () -> invoker.invoke(exit, call(ExitCommand.RCPT))).code()).isEqualTo(550);
            assertThat(ranOn.get()).isEqualTo("test-worker");
            assertThat(onWorker(false, () -> invoker.invoke(exit, call(ExitCommand.RCPT))).code()).isEqualTo(550);
            assertThat(ranOn.get()).startsWith("spoolgate-exit-");
        }
        assertThat(exit.metrics().snapshot().rejects()).isEqualTo(2);
    }

    @Test
    void aSleepingCallIsInterruptedAtTheBudgetAndTheThreadGoesOnWithoutTheInterrupt() throws Exception {
        AtomicReference<String> ranOn = new AtomicReference<>();
        ExitInstance exit = instance(new SmtpExit() {
            @Override
            public Verdict onCall(ExitCall call) {
                ranOn.set(Thread.currentThread().getName());
                try {
                    Thread.sleep(5_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt(); // a careless exit leaves the flag set
                }
                return Verdict.rejectMessage(550, "too late");
            }
        });
        try (ExitInvoker invoker = invoker(HostSettings.TimeoutPolicy.TEMPFAIL)) {
            long begin = System.nanoTime();
            boolean[] interruptedAfter = new boolean[1];
            Verdict verdict = onWorker(true, () -> {
                Verdict v = invoker.invoke(exit, call(ExitCommand.RCPT));
                interruptedAfter[0] = Thread.currentThread().isInterrupted();
                return v;
            });
            assertThat(verdict.code()).isEqualTo(451);
            assertThat(Duration.ofNanos(System.nanoTime() - begin)).isLessThan(Duration.ofSeconds(2));
            assertThat(interruptedAfter[0]).as("the worker must not carry the watchdog's interrupt into James").isFalse();
            assertThat(exit.metrics().snapshot().timeouts()).isEqualTo(1);
            assertThat(blocked.get()).isEqualTo(1);
            assertThat(unblocked.get()).isEqualTo(1);
            assertThat(exit.isIsolated()).isTrue();
            // isolated: the next call goes to an exit thread and is abandoned there
            onWorker(true, () -> invoker.invoke(exit, call(ExitCommand.MAIL)));
            assertThat(ranOn.get()).startsWith("spoolgate-exit-");
            assertThat(blocked.get()).isEqualTo(1);
        }
    }

    @Test
    void aCallThatIgnoresTheInterruptIsAbandonedAndTheWorkerMadeUpForWhileItRuns() throws Exception {
        ExitInstance exit = instance(new SmtpExit() {
            @Override
            public Verdict onCall(ExitCall call) {
                long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(400);
                while (System.nanoTime() < end) {
                    Thread.onSpinWait(); // deaf to interrupts
                }
                return Verdict.rejectMessage(550, "too late");
            }
        });
        try (ExitInvoker invoker = invoker(HostSettings.TimeoutPolicy.CONTINUE)) {
            long begin = System.nanoTime();
            Verdict verdict = onWorker(true, () -> invoker.invoke(exit, call(ExitCommand.DATA)));
            long returned = System.nanoTime();
            assertThat(verdict).isEqualTo(Verdict.CONTINUE);
            assertThat(blocked.get()).isEqualTo(1);
            assertThat(unblocked.get()).isEqualTo(1);
            assertThat(blockedAt.get() - begin).as("the pool is told well before the call returns")
                .isLessThan(returned - begin - TimeUnit.MILLISECONDS.toNanos(200));
            assertThat(exit.metrics().snapshot().timeouts()).isEqualTo(1);
        }
    }

    @Test
    void aThrowingCallOnAWorkerCountsAsAnError() throws Exception {
        ExitInstance exit = instance(new SmtpExit() {
            @Override
            public Verdict onCall(ExitCall call) {
                throw new IllegalStateException("boom");
            }
        });
        try (ExitInvoker invoker = invoker(HostSettings.TimeoutPolicy.TEMPFAIL)) {
            assertThat(onWorker(true, () -> invoker.invoke(exit, call(ExitCommand.MAIL))).code()).isEqualTo(451);
        }
        assertThat(exit.metrics().snapshot().errors()).isEqualTo(1);
        assertThat(exit.isIsolated()).isFalse();
    }
}
