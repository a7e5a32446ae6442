package io.spoolgate.exit.host;

import io.spoolgate.exit.ExitCommand;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/** The budget counts the time the exit had: time its thread waited for a CPU is not held against it. */
class RunQueueBudgetTest {
    // a generous budget: what is not excused (the quarter budget before the watchdog follows the call, a late watchdog
    // tick) stays well below it on a busy CI machine
    private static final long BUDGET = TimeUnit.MILLISECONDS.toNanos(60);
    private static final long CALL = TimeUnit.MILLISECONDS.toNanos(400);

    /** Thread ids the watchdog asked about that were not the call's (checked after each test, on the test thread). */
    private final AtomicLong strangerAskedFor = new AtomicLong(-1);

    /**
     * A run queue whose waits the test decides. It asserts nothing itself: it runs on the watchdog thread, and AssertJ's
     * first use there would load its classes while the call runs (in a fresh JVM longer than the 150 ms call this
     * test first had).
     */
    private InlineCallWatchdog.RunQueue runQueue(long threadId, LongSupplier waited) {
        return new InlineCallWatchdog.RunQueue() {
            @Override
            public long currentThreadId() {
                return threadId;
            }

            @Override
            public long waitedNanos(long id) {
                if (id != threadId) {
                    strangerAskedFor.set(id);
                }
                return waited.getAsLong();
            }
        };
    }

    @AfterEach
    void theWatchdogAskedOnlyAboutTheCallsThread() {
        assertThat(strangerAskedFor.get()).isEqualTo(-1);
    }

    /** Runs a 400 ms call (6.7 budgets) under the watchdog; @return whether the call counted (was not abandoned) */
    private static boolean longCall(InlineCallWatchdog watchdog) throws Exception {
        CompletableFuture<Boolean> counted = new CompletableFuture<>();
        Thread owner = new Thread(() -> {
            InlineCallWatchdog.Slot slot = watchdog.slot();
            long number = slot.begin(null, ExitCommand.RCPT, System.nanoTime());
            long end = System.nanoTime() + CALL;
            while (System.nanoTime() < end) {
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    break; // abandoned: the watchdog interrupts
                }
            }
            counted.complete(slot.finish(number));
        }, "test-owner");
        owner.start();
        return counted.get(10, TimeUnit.SECONDS);
    }

    @Test
    void aCallWhoseThreadWaitsForACpuIsNotAbandoned() throws Exception {
        AtomicInteger abandoned = new AtomicInteger();
        // the thread is runnable but off the CPU the whole time: its run-queue wait grows with the wall clock
        try (InlineCallWatchdog watchdog = new InlineCallWatchdog(BUDGET, runQueue(42, System::nanoTime),
            (slot, ran) -> abandoned.incrementAndGet())) {
            assertThat(longCall(watchdog)).isTrue();
        }
        assertThat(abandoned.get()).isZero();
    }

    @Test
    void aCallThatRunsOrBlocksPastTheBudgetIsAbandoned() throws Exception {
        AtomicLong ranWhenAbandoned = new AtomicLong();
        // the thread never waits for a CPU: the whole call is the exit's time
        try (InlineCallWatchdog watchdog = new InlineCallWatchdog(BUDGET, runQueue(42, () -> 1_000_000L),
            (slot, ran) -> ranWhenAbandoned.set(ran))) {
            assertThat(longCall(watchdog)).isFalse();
        }
        assertThat(ranWhenAbandoned.get()).isBetween(BUDGET, CALL);
    }

    @Test
    void withoutRunQueueStatisticsTheBudgetIsWallClockTime() throws Exception {
        AtomicInteger abandoned = new AtomicInteger();
        try (InlineCallWatchdog watchdog = new InlineCallWatchdog(BUDGET,
            runQueue(42, () -> RunQueueClock.UNKNOWN), (slot, ran) -> abandoned.incrementAndGet())) {
            assertThat(longCall(watchdog)).isFalse();
        }
        assertThat(abandoned.get()).isEqualTo(1);
        AtomicInteger abandonedToo = new AtomicInteger();
        InlineCallWatchdog.RunQueue noThreadId = new InlineCallWatchdog.RunQueue() {
            @Override
            public long currentThreadId() {
                return RunQueueClock.UNKNOWN;
            }

            @Override
            public long waitedNanos(long threadId) {
                throw new AssertionError("asked for the wait of a thread without an id");
            }
        };
        try (InlineCallWatchdog watchdog = new InlineCallWatchdog(BUDGET, noThreadId,
            (slot, ran) -> abandonedToo.incrementAndGet())) {
            assertThat(longCall(watchdog)).isFalse();
        }
        assertThat(abandonedToo.get()).isEqualTo(1);
    }

    @Test
    void aWaitSeenBeforeTheCallIsNotExcused() throws Exception {
        // the thread had waited 10 s for CPUs in its life before this call, and does not wait during it
        AtomicInteger abandoned = new AtomicInteger();
        try (InlineCallWatchdog watchdog = new InlineCallWatchdog(BUDGET, runQueue(42, () -> 10_000_000_000L),
            (slot, ran) -> abandoned.incrementAndGet())) {
            assertThat(longCall(watchdog)).isFalse();
        }
        assertThat(abandoned.get()).isEqualTo(1);
    }

    @Test
    void schedstatLinesAreRead() {
        assertThat(RunQueueClock.parseWaited("123456 7890 12\n")).isEqualTo(7890);
        assertThat(RunQueueClock.parseWaited("123456")).isEqualTo(RunQueueClock.UNKNOWN);
        assertThat(RunQueueClock.parseWaited("a b c")).isEqualTo(RunQueueClock.UNKNOWN);
        assertThat(RunQueueClock.parseWaited("")).isEqualTo(RunQueueClock.UNKNOWN);
        assertThat(RunQueueClock.LINUX.waitedNanos(-1)).isEqualTo(RunQueueClock.UNKNOWN);
        assertThat(RunQueueClock.LINUX.waitedNanos(Integer.MAX_VALUE + 7L)).isEqualTo(RunQueueClock.UNKNOWN);
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void onLinuxAThreadKeptOffTheCpuHasARunQueueWait() throws Exception {
        long self = RunQueueClock.LINUX.currentThreadId();
        assertThat(self).isPositive();
        assertThat(RunQueueClock.LINUX.waitedNanos(self)).isNotNegative();
        // more spinning threads than cores: a spinning thread among them waits for a CPU most of the time
        int spinners = 4 * Runtime.getRuntime().availableProcessors();
        AtomicBoolean stop = new AtomicBoolean();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < spinners; i++) {
            Thread t = new Thread(() -> {
                while (!stop.get()) {
                    Thread.onSpinWait();
                }
            }, "spinner-" + i);
            t.setDaemon(true);
            t.start();
            threads.add(t);
        }
        try {
            CompletableFuture<long[]> measured = new CompletableFuture<>();
            Thread target = new Thread(() -> {
                long id = RunQueueClock.LINUX.currentThreadId();
                long before = RunQueueClock.LINUX.waitedNanos(id);
                long start = System.nanoTime();
                while (System.nanoTime() - start < TimeUnit.MILLISECONDS.toNanos(300)) {
                    Thread.onSpinWait();
                }
                measured.complete(new long[] {RunQueueClock.LINUX.waitedNanos(id) - before, System.nanoTime() - start});
            }, "target");
            target.start();
            long[] result = measured.get(10, TimeUnit.SECONDS);
            assertThat(result[0]).as("run-queue wait of %d ns wall", result[1]).isGreaterThan(result[1] / 10);
        } finally {
            stop.set(true);
            for (Thread t : threads) {
                t.join();
            }
        }
    }
}
