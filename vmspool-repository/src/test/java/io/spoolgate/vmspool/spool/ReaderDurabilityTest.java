package io.spoolgate.vmspool.spool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The order of a punch's durability steps, whichever mode carries them out, and the real syncfs(2). */
class ReaderDurabilityTest {

    @TempDir
    Path root;

    private static PunchRequest request(String key) {
        return new PunchRequest(VmUserid.of("USER1"), 'A', "alice", "mail", VmUserid.of("SMTP"), "VMNODE",
            DeliveryFormat.NETDATA, key, "alice@example.org", List.of("user1@vm.example"));
    }

    private static SpoolFileContent cards(int n) {
        return out -> {
            out.write(new byte[80 * n]);
            return n;
        };
    }

    private List<String> names(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    /** Records the steps and what the reader's folder held at each of them. */
    private final class Recording implements ReaderDurability {
        final List<String> steps = new ArrayList<>();
        IOException failContent;

        @Override
        public void written(FileChannel file) throws IOException {
            steps.add("written " + file.size());
        }

        @Override
        public void contentDurable() throws IOException {
            steps.add("content " + names(root.resolve("USER1")).stream()
                .map(n -> n.startsWith(".tmp-") ? "tmp" : n).sorted().toList());
            if (failContent != null) {
                throw failContent;
            }
        }

        @Override
        public void namesDurable(Path folder) throws IOException {
            steps.add("names " + root.relativize(folder) + " " + names(folder));
        }
    }

    @Test
    void theDataGetsItsNameOnlyAfterDataAndAttributesAreDurableAndThePunchReturnsOnlyAfterTheName() throws IOException {
        // a named draft: the data has a temporary name when it is made durable
        Recording durable = new Recording();
        DirectorySpoolBackend spool = new DirectorySpoolBackend(root, Clock.systemUTC(), durable,
            folder -> NamedDraft.create(folder, DirectorySpoolBackend.DATA_SUFFIX));
        spool.punch(request("m1"), cards(2));
        assertThat(durable.steps).hasSize(4);
        assertThat(durable.steps.get(0)).isEqualTo("written 160");
        assertThat(durable.steps.get(1)).startsWith("written ");
        assertThat(durable.steps.get(2)).isEqualTo("content [0001.attrs, tmp]");
        assertThat(durable.steps.get(3)).isEqualTo("names USER1 [0001.attrs, 0001.rdr]");
    }

    @Test
    void anAnonymousDraftHasNoNameAtAllWhenItsDataIsMadeDurable() throws IOException {
        Recording durable = new Recording();
        DirectorySpoolBackend spool = new DirectorySpoolBackend(root, Clock.systemUTC(), durable,
            AnonymousDraft.maker(root));
        spool.punch(request("m1"), cards(2));
        assertThat(durable.steps).containsExactly("written 160", durable.steps.get(1), "content [0001.attrs]",
            "names USER1 [0001.attrs, 0001.rdr]");
    }

    @Test
    void withANameSyncerThePunchReturnsNamedAndTheSyncerMakesTheNameDurableBeforeTheWaitingActionRuns()
        throws Exception {
        Recording durable = new Recording();
        DirectorySpoolBackend spool = new DirectorySpoolBackend(root, Clock.systemUTC(), durable,
            AnonymousDraft.maker(root));
        try (NameSyncer names = new NameSyncer()) {
            SpoolFile f = spool.punch(request("m1"), cards(2), names);
            assertThat(spool.dataPath(f.owner(), f.spoolId())).exists();
            assertThat(durable.steps).containsExactly("written 160", durable.steps.get(1), "content [0001.attrs]");
            List<String> stepsWhenForgotten = new ArrayList<>();
            CountDownLatch forgotten = new CountDownLatch(1);
            names.afterNamesDurable(() -> {
                synchronized (durable.steps) {
                    stepsWhenForgotten.addAll(durable.steps);
                }
                forgotten.countDown();
            });
            assertThat(forgotten.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(stepsWhenForgotten).endsWith("names USER1 [0001.attrs, 0001.rdr]");
        }
    }

    @Test
    void aFailedSyncFailsThePunchAndLeavesNoFileBehind() throws IOException {
        Recording durable = new Recording();
        durable.failContent = new IOException("syncfs of the file system failed: EIO (I/O error)");
        DirectorySpoolBackend spool = new DirectorySpoolBackend(root, Clock.systemUTC(), durable);
        assertThatThrownBy(() -> spool.punch(request("m1"), cards(1))).hasMessageContaining("EIO");
        assertThat(names(root.resolve("USER1"))).isEmpty();
        assertThat(spool.findByMailKey(VmUserid.of("USER1"), "m1")).isEmpty();
        durable.failContent = null;
        SpoolFile retried = spool.punch(request("m1"), cards(1));
        assertThat(names(root.resolve("USER1"))).containsExactly(
            SpoolNames.spoolId(retried.spoolId()) + ".attrs", SpoolNames.spoolId(retried.spoolId()) + ".rdr");
        assertThat(spool.findByMailKey(VmUserid.of("USER1"), "m1")).contains(retried);
    }

    @Test
    void purgingMakesTheRemovalDurable() throws IOException {
        Recording durable = new Recording();
        DirectorySpoolBackend spool = new DirectorySpoolBackend(root, Clock.systemUTC(), durable);
        SpoolFile f = spool.punch(request("m1"), cards(1));
        durable.steps.clear();
        assertThat(spool.purge(f.owner(), f.spoolId())).isTrue();
        assertThat(durable.steps).containsExactly("names USER1 []");
    }

    @Test
    void bothModesPunchFilesThatReadBack() throws IOException {
        for (SpoolDurability mode : List.of(SpoolDurability.FSYNC, SpoolDurability.SYNCFS, SpoolDurability.AUTO)) {
            Path modeRoot = root.resolve(mode.name());
            DirectorySpoolBackend spool = new DirectorySpoolBackend(modeRoot, Clock.systemUTC(), mode);
            SpoolFile f = spool.punch(request("m-" + mode), cards(3));
            assertThat(new DirectorySpoolBackend(modeRoot).findByMailKey(VmUserid.of("USER1"), "m-" + mode))
                .as(mode.name()).contains(f);
            assertThat(Files.size(spool.dataPath(f.owner(), f.spoolId()))).isEqualTo(240);
        }
    }

    @Test
    void syncfsRunsOnThisLinuxFileSystemAndNamesTheErrorOfAFolderThatIsGone() throws IOException {
        FilesystemSync sync = FilesystemSync.of(root);
        sync.run();
        Path gone = Files.createDirectory(root.resolve("gone"));
        FilesystemSync ofGone = FilesystemSync.of(gone);
        Files.delete(gone);
        assertThatThrownBy(ofGone::run).isInstanceOf(IOException.class).hasMessageContaining("ENOENT")
            .hasMessageContaining(gone.toString());
    }

    @Test
    void theModeIsParsedFromTheConfigurationWithAClearErrorForOtherValues() {
        assertThat(SpoolDurability.parse(" SyncFS ")).isEqualTo(SpoolDurability.SYNCFS);
        assertThat(SpoolDurability.parse("fsync")).isEqualTo(SpoolDurability.FSYNC);
        assertThat(SpoolDurability.parse("auto")).isEqualTo(SpoolDurability.AUTO);
        assertThatThrownBy(() -> SpoolDurability.parse("none"))
            .hasMessage("vmspool durability must be auto, syncfs or fsync, not 'none'");
    }
}
