package io.spoolgate.vmspool.spool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.ArrayList;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DirectorySpoolBackendTest {

    @TempDir
    Path root;

    private static PunchRequest request(String owner, String key) {
        return new PunchRequest(VmUserid.of(owner), 'A', "alice", "mail", VmUserid.of("SMTP"), "VMNODE",
            DeliveryFormat.NETDATA, key, "alice@example.org", List.of(owner.toLowerCase() + "@vm.example"));
    }

    private static SpoolFileContent cards(int n) {
        return out -> {
            out.write(new byte[80 * n]);
            return n;
        };
    }

    @Test
    void punchWritesDataAndAttributesAndListsThem() throws IOException {
        DirectorySpoolBackend spool = new DirectorySpoolBackend(root);
        SpoolFile f = spool.punch(request("USER1", "mail-1"), cards(3));
        assertThat(f.spoolId()).isEqualTo(1);
        assertThat(f.bytes()).isEqualTo(240);
        assertThat(f.records()).isEqualTo(3);
        assertThat(f.fileName()).isEqualTo("ALICE");
        assertThat(f.fileType()).isEqualTo("MAIL");
        assertThat(Files.size(root.resolve("USER1/0001.rdr"))).isEqualTo(240);
        assertThat(root.resolve("USER1/0001.attrs")).exists();
        assertThat(spool.list(VmUserid.of("USER1"))).containsExactly(f);
        assertThat(spool.readers()).containsExactly(VmUserid.of("USER1"));
        try (var files = Files.list(root.resolve("USER1"))) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("0001.rdr", "0001.attrs");
        }
    }

    @Test
    void spoolIdsAreUniqueAcrossReadersAndSurviveARestart() throws IOException {
        DirectorySpoolBackend spool = new DirectorySpoolBackend(root);
        assertThat(spool.punch(request("USER1", "a"), cards(1)).spoolId()).isEqualTo(1);
        assertThat(spool.punch(request("USER2", "b"), cards(1)).spoolId()).isEqualTo(2);
        DirectorySpoolBackend restarted = new DirectorySpoolBackend(root);
        assertThat(restarted.punch(request("USER1", "c"), cards(1)).spoolId()).isEqualTo(3);
    }

    @Test
    void theMailKeyFindsAnEarlierPunchEvenAfterARestart() throws IOException {
        DirectorySpoolBackend spool = new DirectorySpoolBackend(root);
        SpoolFile f = spool.punch(request("USER1", "mail-42"), cards(1));
        assertThat(new DirectorySpoolBackend(root).findByMailKey(VmUserid.of("USER1"), "mail-42")).contains(f);
        assertThat(spool.findByMailKey(VmUserid.of("USER2"), "mail-42")).isEmpty();
        spool.purge(VmUserid.of("USER1"), f.spoolId());
        assertThat(spool.findByMailKey(VmUserid.of("USER1"), "mail-42")).isEmpty();
    }

    @Test
    void aFailingWriterLeavesNothingBehind() throws IOException {
        DirectorySpoolBackend spool = new DirectorySpoolBackend(root);
        assertThatThrownBy(() -> spool.punch(request("USER1", "x"), out -> {
            out.write(new byte[80]);
            throw new IOException("No space left on device");
        })).hasMessageContaining("No space left");
        try (var files = Files.list(root.resolve("USER1"))) {
            assertThat(files).isEmpty();
        }
        assertThat(spool.list(VmUserid.of("USER1"))).isEmpty();
    }

    @Test
    void aReaderPathThatIsNotAFolderFailsClearly() throws IOException {
        Files.writeString(root.resolve("USER1"), "not a folder");
        DirectorySpoolBackend spool = new DirectorySpoolBackend(root);
        assertThatThrownBy(() -> spool.punch(request("USER1", "x"), cards(1))).isInstanceOf(IOException.class);
    }

    @Test
    void leftoversOfACrashAreIgnoredAndCleanedUp() throws IOException {
        Path reader = Files.createDirectories(root.resolve("USER1"));
        Path orphanAttrs = Files.writeString(reader.resolve("0007.attrs"), "spoolid=7\n");
        Path tmp = Files.write(reader.resolve(".tmp-dead.rdr"), new byte[80]);
        FileTime old = FileTime.from(Instant.now().minusSeconds(3600));
        Files.setLastModifiedTime(orphanAttrs, old);
        Files.setLastModifiedTime(tmp, old);
        DirectorySpoolBackend spool = new DirectorySpoolBackend(root);
        assertThat(spool.list(VmUserid.of("USER1"))).isEmpty();
        SpoolFile f = spool.punch(request("USER1", "m"), cards(1));
        assertThat(orphanAttrs).doesNotExist();
        assertThat(tmp).doesNotExist();
        assertThat(spool.list(VmUserid.of("USER1"))).containsExactly(f);
    }

    @Test
    void concurrentPunchesGetDistinctIds() throws Exception {
        DirectorySpoolBackend spool = new DirectorySpoolBackend(root);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<SpoolFile>> futures = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            String key = "k" + i;
            String owner = i % 2 == 0 ? "USER1" : "USER2";
            futures.add(pool.submit(() -> spool.punch(request(owner, key), cards(1))));
        }
        Set<Integer> ids = ConcurrentHashMap.newKeySet();
        for (Future<SpoolFile> f : futures) {
            ids.add(f.get().spoolId());
        }
        pool.shutdown();
        assertThat(ids).hasSize(200);
        assertThat(spool.list(VmUserid.of("USER1"))).hasSize(100);
    }

    @Test
    void whenAllTenThousandIdsAreTakenIdsGoPast9999() throws IOException {
        DirectorySpoolBackend spool = new DirectorySpoolBackend(root);
        for (int i = 0; i < 9999; i++) {
            spool.punch(request("USER1", "k" + i), cards(0));
        }
        assertThat(spool.punch(request("USER1", "last"), cards(0)).spoolId()).isEqualTo(10000);
        assertThat(spool.list(VmUserid.of("USER1"))).hasSize(10000);
        assertThat(new SpoolKey(VmUserid.of("USER1"), 10000).asString()).isEqualTo("USER1-10000");
        assertThat(spool.punch(request("USER1", "next"), cards(0)).spoolId()).isEqualTo(10001);

        // a freed id past 9999 is taken again before counting on; a freed id in 1..9999 comes back first
        assertThat(spool.purge(VmUserid.of("USER1"), 10000)).isTrue();
        assertThat(spool.punch(request("USER1", "again"), cards(0)).spoolId()).isEqualTo(10000);
        assertThat(spool.punch(request("USER1", "on"), cards(0)).spoolId()).isEqualTo(10002);
        assertThat(spool.purge(VmUserid.of("USER1"), 4711)).isTrue();
        assertThat(spool.punch(request("USER1", "in range"), cards(0)).spoolId()).isEqualTo(4711);

        // a fresh process learns all of it from the folder
        DirectorySpoolBackend restarted = new DirectorySpoolBackend(root);
        assertThat(restarted.punch(request("USER1", "after restart"), cards(0)).spoolId()).isEqualTo(10003);
    }

    @Test
    void attributesAreReadBack() throws IOException {
        DirectorySpoolBackend spool = new DirectorySpoolBackend(root);
        SpoolFile f = spool.punch(new PunchRequest(VmUserid.of("MAILER"), 'M', "bob", "mail", VmUserid.of("SMTP"),
            "VMNODE", DeliveryFormat.BSMTP, "key=with:odd chars", "", List.of("a@x", "b@y")), cards(2));
        SpoolFile back = new DirectorySpoolBackend(root).find(VmUserid.of("MAILER"), f.spoolId()).orElseThrow();
        assertThat(back).isEqualTo(f);
        assertThat(back.sender()).isEmpty();
        assertThat(Files.readString(root.resolve("MAILER/0001.attrs"), StandardCharsets.UTF_8)).contains("format=bsmtp");
    }
}
