package io.spoolgate.exit.host;

import io.spoolgate.exit.ExitCall;
import io.spoolgate.exit.ExitCommand;
import io.spoolgate.exit.SmtpExit;
import io.spoolgate.exit.Verdict;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static io.spoolgate.exit.host.ExitFixtures.call;
import static io.spoolgate.exit.host.ExitFixtures.instance;
import static org.assertj.core.api.Assertions.assertThat;

class ExitInvokerTest {

    private static HostSettings settings(HostSettings.TimeoutPolicy policy) {
        return new HostSettings(Duration.ofMillis(30), 2, 4, policy, Duration.ofSeconds(1), Duration.ofSeconds(1));
    }

    @Test
    void aCallPastTheBudgetIsAbandonedAndThePolicyApplies() {
        SmtpExit sleeper = new SmtpExit() {
            @Override
            public Verdict onCall(ExitCall call) {
                try {
                    Thread.sleep(5_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return Verdict.rejectMessage(550, "too late");
            }
        };
        ExitInstance exit = instance(sleeper);
        try (ExitInvoker tempfail = new ExitInvoker(settings(HostSettings.TimeoutPolicy.TEMPFAIL))) {
            long begin = System.nanoTime();
            assertThat(tempfail.invoke(exit, call(ExitCommand.RCPT)).code()).isEqualTo(451);
            assertThat(Duration.ofNanos(System.nanoTime() - begin)).isLessThan(Duration.ofSeconds(2));
            assertThat(tempfail.invoke(exit, call(ExitCommand.CONNECT)).kind())
                .isEqualTo(Verdict.Kind.REJECT_SESSION);
        }
        try (ExitInvoker proceed = new ExitInvoker(settings(HostSettings.TimeoutPolicy.CONTINUE))) {
            assertThat(proceed.invoke(exit, call(ExitCommand.RCPT))).isEqualTo(Verdict.CONTINUE);
        }
        assertThat(exit.metrics().snapshot().timeouts()).isEqualTo(3);
    }

    @Test
    void aThrowingExitCountsAsAnErrorAndThePolicyApplies() {
        ExitInstance exit = instance(new SmtpExit() {
            @Override
            public Verdict onCall(ExitCall call) {
                throw new IllegalStateException("boom");
            }
        });
        try (ExitInvoker invoker = new ExitInvoker(settings(HostSettings.TimeoutPolicy.TEMPFAIL))) {
            assertThat(invoker.invoke(exit, call(ExitCommand.MAIL)).code()).isEqualTo(451);
        }
        assertThat(exit.metrics().snapshot().errors()).isEqualTo(1);
    }

    @Test
    void verdictsAreCountedWithTheirLatency() {
        ExitInstance exit = instance(new SmtpExit() {
            @Override
            public Verdict onMail(ExitCall call) {
                return Verdict.rejectMessage(550, "x");
            }
        });
        try (ExitInvoker invoker = new ExitInvoker(settings(HostSettings.TimeoutPolicy.CONTINUE))) {
            invoker.invoke(exit, call(ExitCommand.MAIL));
            invoker.invoke(exit, call(ExitCommand.RCPT));
        }
        ExitMetrics.Snapshot counters = exit.metrics().snapshot();
        assertThat(counters.calls()).isEqualTo(2);
        assertThat(counters.rejects()).isEqualTo(1);
        assertThat(counters.maxMicros()).isGreaterThanOrEqualTo(counters.p50Micros());
    }
    /** Answers with the name of the thread it ran on, as the reply text of a reject. */
    private static final class WhereAmI implements SmtpExit {
        @Override
        public Verdict onCall(ExitCall call) {
            return Verdict.rejectMessage(550, Thread.currentThread().getName());
        }
    }

    private static String ranOn(ExitInvoker invoker, ExitInstance exit) {
        String[] where = new String[1];
        IoThreadCalls.run(() -> where[0] = invoker.invoke(exit, call(ExitCommand.MAIL)).text());
        return where[0];
    }

    @Test
    void onAnIoThreadOnlyNonBlockingExitsRunInline() {
        String self = Thread.currentThread().getName();
        try (ExitInvoker invoker = new ExitInvoker(settings(HostSettings.TimeoutPolicy.CONTINUE))) {
            assertThat(ranOn(invoker, instance(new WhereAmI(), true))).isEqualTo(self);
            assertThat(ranOn(invoker, instance(new WhereAmI(), false))).startsWith("spoolgate-exit-");
            assertThat(invoker.invoke(instance(new WhereAmI(), true), call(ExitCommand.MAIL)).text())
                .as("outside an I/O thread's own command processing").startsWith("spoolgate-exit-");
        }
    }

    @Test
    void aNonBlockingExitThatOverrunsOnAnIoThreadIsAbandonedAndLosesTheIoThread() {
        ExitInstance exit = instance(new SmtpExit() {
            @Override
            public Verdict onCall(ExitCall call) {
                try {
                    Thread.sleep(2_000);
                } catch (InterruptedException e) {
                    return Verdict.rejectMessage(550, "interrupted");
                }
                return Verdict.rejectMessage(550, "too late");
            }
        }, true);
        assertThat(exit.callsMayRunOnIoThread()).isTrue();
        try (ExitInvoker invoker = new ExitInvoker(settings(HostSettings.TimeoutPolicy.TEMPFAIL))) {
            long begin = System.nanoTime();
            int[] code = new int[1];
            IoThreadCalls.run(() -> code[0] = invoker.invoke(exit, call(ExitCommand.MAIL)).code());
            assertThat(code[0]).as("the timeout policy's answer").isEqualTo(451);
            assertThat(Duration.ofNanos(System.nanoTime() - begin)).as("interrupted at the budget")
                .isLessThan(Duration.ofSeconds(1));
            assertThat(Thread.interrupted()).as("the interrupt is cleared").isFalse();
        }
        assertThat(exit.callsMayRunOnIoThread()).as("isolated after the overrun").isFalse();
        assertThat(exit.metrics().snapshot().timeouts()).isEqualTo(1);
    }
}
