package io.spoolgate.vmspool.spool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GroupSyncTest {

    /** A logical clock: every registration and every fsync start takes the next tick. */
    private final AtomicLong clock = new AtomicLong();
    private final AtomicLong lastCompletedStart = new AtomicLong(-1);
    private final AtomicInteger fsyncs = new AtomicInteger();
    private final AtomicInteger running = new AtomicInteger();

    private final GroupSync sync = new GroupSync(() -> {
        assertThat(running.incrementAndGet()).as("one fsync at a time").isEqualTo(1);
        long started = clock.incrementAndGet();
        fsyncs.incrementAndGet();
        sleep(1);
        running.decrementAndGet();
        lastCompletedStart.set(started);
    });

    @Test
    void everyCallerIsCoveredByAnFsyncThatStartedAfterItAndConcurrentCallersShareThem() throws Exception {
        int threads = 8;
        int callsEach = 100;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<?>> runs = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            runs.add(pool.submit(() -> {
                for (int i = 0; i < callsEach; i++) {
                    long registered = clock.incrementAndGet();
                    sync.sync();
                    assertThat(lastCompletedStart.get()).as("an fsync started after the call completed before it returned")
                        .isGreaterThan(registered);
                }
                return null;
            }));
        }
        for (Future<?> run : runs) {
            run.get(60, TimeUnit.SECONDS);
        }
        pool.shutdown();
        assertThat(fsyncs.get()).as("fsyncs for %d calls", threads * callsEach).isLessThan(threads * callsEach / 2);
    }

    @Test
    void aFailedFsyncFailsTheThreadThatRanItAndTheOthersRunTheirOwn() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        GroupSync failingOnce = new GroupSync(() -> {
            if (calls.incrementAndGet() == 1) {
                sleep(50);
                throw new IOException("disk on fire");
            }
        });
        ExecutorService pool = Executors.newFixedThreadPool(2);
        Future<?> first = syncIn(pool, failingOnce);
        while (calls.get() == 0) {
            Thread.onSpinWait();
        }
        Future<?> second = syncIn(pool, failingOnce);
        assertThatThrownBy(() -> first.get(10, TimeUnit.SECONDS)).hasRootCauseMessage("disk on fire");
        second.get(10, TimeUnit.SECONDS); // it ran an fsync of its own, which succeeded
        assertThat(calls.get()).isEqualTo(2);
        pool.shutdown();
    }

    @Test
    void whenASyncFailsTheCallersItWouldHaveCoveredRunTheNextOneThemselves() throws Exception {
        // sync 1 holds; two callers arrive and form the next generation; its sync (2) fails; the caller that ran it
        // gets the failure and the other one runs a sync (3) of its own
        CountDownLatch firstRunning = new CountDownLatch(1);
        CountDownLatch releaseFirst = new CountDownLatch(1);
        AtomicInteger calls = new AtomicInteger();
        GroupSync sync = new GroupSync(() -> {
            int call = calls.incrementAndGet();
            if (call == 1) {
                firstRunning.countDown();
                await(releaseFirst);
            } else if (call == 2) {
                throw new IOException("disk on fire");
            }
        });
        ExecutorService pool = Executors.newFixedThreadPool(3);
        Future<?> first = syncIn(pool, sync);
        assertThat(firstRunning.await(10, TimeUnit.SECONDS)).isTrue();
        List<Future<?>> next = List.of(syncIn(pool, sync), syncIn(pool, sync));
        Thread.sleep(200); // both are waiting behind sync 1 (had one of them not registered yet, it would run sync 3 itself)
        releaseFirst.countDown();
        first.get(10, TimeUnit.SECONDS);
        int failed = 0;
        for (Future<?> f : next) {
            try {
                f.get(10, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                assertThat(e).hasRootCauseMessage("disk on fire");
                failed++;
            }
        }
        assertThat(failed).as("only the thread that ran the failed sync fails").isEqualTo(1);
        assertThat(calls.get()).isEqualTo(3);
        pool.shutdown();
    }

    @Test
    void anInterruptedWaiterDoesNotStrandTheOthersOfItsGeneration() throws Exception {
        CountDownLatch firstRunning = new CountDownLatch(1);
        CountDownLatch releaseFirst = new CountDownLatch(1);
        AtomicInteger calls = new AtomicInteger();
        GroupSync sync = new GroupSync(() -> {
            if (calls.incrementAndGet() == 1) {
                firstRunning.countDown();
                await(releaseFirst);
            }
        });
        ExecutorService pool = Executors.newFixedThreadPool(3);
        Future<?> first = syncIn(pool, sync);
        assertThat(firstRunning.await(10, TimeUnit.SECONDS)).isTrue();
        Future<?> interrupted = syncIn(pool, sync);
        Future<?> other = syncIn(pool, sync);
        Thread.sleep(200);
        interrupted.cancel(true);
        releaseFirst.countDown();
        first.get(10, TimeUnit.SECONDS);
        other.get(10, TimeUnit.SECONDS); // covered by a second sync, run by itself
        assertThat(calls.get()).isEqualTo(2);
        pool.shutdown();
    }

    @Test
    void theRealFsyncOfAFolderWorksAndAMissingFolderIsAnError(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("a"), "x");
        new GroupSync(dir).sync();
        assertThatThrownBy(() -> new GroupSync(dir.resolve("gone")).sync()).isInstanceOf(IOException.class);
    }

    /** {@code sync.sync()} on a thread of {@code pool}. */
    private static Future<?> syncIn(ExecutorService pool, GroupSync sync) {
        return pool.submit(() -> {
            sync.sync();
            return null;
        });
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
