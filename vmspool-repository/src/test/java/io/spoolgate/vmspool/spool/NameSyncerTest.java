package io.spoolgate.vmspool.spool;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

/** Actions wait for the sync of every name registered before them, and only for that. */
class NameSyncerTest {

    private static final Path FOLDER_A = Path.of("/spool/USER1");
    private static final Path FOLDER_B = Path.of("/spool/USER2");

    /** Name syncs that block until the test lets them through, recording the folders of each; failures on demand. */
    private static final class GatedSyncs implements ReaderDurability {
        final List<List<Path>> syncs = new ArrayList<>();
        final Semaphore gate = new Semaphore(0);
        final Semaphore started = new Semaphore(0);
        final AtomicInteger failures = new AtomicInteger();

        @Override
        public void written(FileChannel file) {
        }

        @Override
        public void contentDurable() {
        }

        @Override
        public void namesDurable(Path folder) throws IOException {
            namesDurable(List.of(folder));
        }

        @Override
        public void namesDurable(Collection<Path> folders) throws IOException {
            started.release();
            gate.acquireUninterruptibly();
            if (failures.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                throw new IOException("syncfs failed: EIO (I/O error)");
            }
            synchronized (syncs) {
                syncs.add(folders.stream().sorted().toList());
            }
        }
    }

    @Test
    void anActionRunsAtOnceWhenNoNameWaitsForItsSync() {
        try (NameSyncer names = new NameSyncer()) {
            List<String> ran = new ArrayList<>();
            names.afterNamesDurable(() -> ran.add(Thread.currentThread().getName()));
            assertThat(ran).containsExactly(Thread.currentThread().getName());
        }
    }

    @Test
    void anActionWaitsForOneSyncOfEveryFolderNamedBeforeIt() throws Exception {
        GatedSyncs durable = new GatedSyncs();
        try (NameSyncer names = new NameSyncer()) {
            names.linked(durable, FOLDER_A);
            names.linked(durable, FOLDER_B);
            names.linked(durable, FOLDER_A);
            CountDownLatch done = new CountDownLatch(1);
            names.afterNamesDurable(done::countDown);
            assertThat(durable.started.tryAcquire(10, TimeUnit.SECONDS)).isTrue();
            assertThat(done.await(200, TimeUnit.MILLISECONDS)).as("ran before the sync completed").isFalse();
            durable.gate.release();
            assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(durable.syncs).containsExactly(List.of(FOLDER_A, FOLDER_B));
        }
    }

    @Test
    void anActionAskedForWhileItsNamesAreBeingSyncedWaitsForThatSyncOnly() throws Exception {
        GatedSyncs durable = new GatedSyncs();
        try (NameSyncer names = new NameSyncer()) {
            names.linked(durable, FOLDER_A);
            CountDownLatch first = new CountDownLatch(1);
            names.afterNamesDurable(first::countDown);
            assertThat(durable.started.tryAcquire(10, TimeUnit.SECONDS)).isTrue();
            // the name is in the batch being synced; nothing new is pending
            CountDownLatch second = new CountDownLatch(1);
            names.afterNamesDurable(second::countDown);
            assertThat(second.await(200, TimeUnit.MILLISECONDS)).isFalse();
            durable.gate.release();
            assertThat(second.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(first.getCount()).isZero();
            assertThat(durable.syncs).hasSize(1);
        }
    }

    @Test
    void aFailedSyncKeepsTheActionWaitingAndIsTriedAgain() throws Exception {
        GatedSyncs durable = new GatedSyncs();
        durable.failures.set(1);
        try (NameSyncer names = new NameSyncer()) {
            names.linked(durable, FOLDER_A);
            CountDownLatch done = new CountDownLatch(1);
            names.afterNamesDurable(done::countDown);
            assertThat(durable.started.tryAcquire(10, TimeUnit.SECONDS)).isTrue();
            durable.gate.release(); // the first sync fails
            assertThat(durable.started.tryAcquire(10, TimeUnit.SECONDS)).as("tried again").isTrue();
            assertThat(done.getCount()).as("not run after the failed sync").isOne();
            durable.gate.release();
            assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(durable.syncs).containsExactly(List.of(FOLDER_A));
        }
    }

    @Test
    void namesNobodyWaitsForAreSyncedAllTheSame() throws Exception {
        GatedSyncs durable = new GatedSyncs();
        durable.gate.release();
        try (NameSyncer names = new NameSyncer()) {
            names.linked(durable, FOLDER_B);
            assertThat(durable.started.tryAcquire(10, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(durable.syncs).containsExactly(List.of(FOLDER_B));
    }

    @Test
    void closingSyncsWhatIsLeft() {
        GatedSyncs durable = new GatedSyncs();
        durable.gate.release();
        NameSyncer names = new NameSyncer();
        names.linked(durable, FOLDER_A);
        names.close();
        assertThat(durable.syncs).containsExactly(List.of(FOLDER_A));
    }

    @Test
    void flushWaitsForTheActionsAlreadyWaiting() throws Exception {
        GatedSyncs durable = new GatedSyncs();
        durable.gate.release(100);
        try (NameSyncer names = new NameSyncer()) {
            List<Integer> ran = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                names.linked(durable, FOLDER_A);
                int n = i;
                names.afterNamesDurable(() -> {
                    synchronized (ran) {
                        ran.add(n);
                    }
                });
            }
            assertThat(names.flush(Duration.ofSeconds(10))).isTrue();
            synchronized (ran) {
                assertThat(ran).hasSize(50).isSorted();
            }
        }
    }
}
