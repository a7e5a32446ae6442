package io.spoolgate.benchmarks.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The load generator against a real SMTP server on loopback, and the delivery check finding what went wrong. */
class SmtpLoadTest {

    @TempDir
    Path dir;

    private LoadSettings settings(int port, Path results) {
        return LoadSettings.parse(new String[] {"--port", Integer.toString(port), "--mails", "60", "--connections", "3",
            "--per-connection", "7", "--size", "2048", "--label", "T test", "--store", "maildir:" + dir.resolve("md"),
            "--deliver-timeout", "20", "--results", results.toString(), "--pid", Long.toString(ProcessHandle.current().pid())});
    }

    @Test
    void everyMailAcceptedAndLandedOnceIsAPassingRun() throws Exception {
        Path results = dir.resolve("r.tsv");
        try (MaildirSmtpServer server = new MaildirSmtpServer(dir.resolve("md"), n -> false, n -> false)) {
            assertThat(SmtpLoad.run(settings(server.port(), results))).isTrue();
        }
        List<String> lines = Files.readAllLines(results);
        assertThat(lines).hasSize(1);
        String[] f = lines.get(0).split("\t");
        assertThat(f[0]).isEqualTo("T test");
        assertThat(f[4]).as("accepted").isEqualTo("60");
        assertThat(f[5]).as("failures").isEqualTo("0");
        assertThat(f[12] + f[13] + f[14]).as("lost, duplicated, stray").isEqualTo("000");
        assertThat(ResultTable.render(results)).contains("| 2 KB, 3 connections | T test | 60/60 | 0 |", "exactly once");
    }

    @Test
    void aRefusedMailThatLandsAnywayIsStrayAndAnAcceptedOneThatNeverLandsIsLost() throws Exception {
        Path results = dir.resolve("r.tsv");
        // mails 5 and 17 get 451 but are kept; mail 30 gets 250 and is dropped
        try (MaildirSmtpServer server = new MaildirSmtpServer(dir.resolve("md"), n -> n == 5 || n == 17, n -> n == 30)) {
            LoadSettings s = LoadSettings.parse(new String[] {"--port", Integer.toString(server.port()), "--mails", "40",
                "--connections", "2", "--store", "maildir:" + dir.resolve("md"), "--deliver-timeout", "2",
                "--results", results.toString()});
            assertThat(SmtpLoad.run(s)).isFalse();
        }
        String[] f = Files.readAllLines(results).get(0).split("\t");
        assertThat(f[4]).as("accepted").isEqualTo("38");
        assertThat(f[5]).as("failures").isEqualTo("2");
        assertThat(f[12]).as("lost").isEqualTo("1");
        assertThat(f[13]).as("duplicated").isEqualTo("0");
        assertThat(f[14]).as("stray").isEqualTo("2");
        assertThat(f[11]).as("no --pid: no CPU").isEqualTo("-");
    }

    @Test
    void copiesPerMailFollowTheStore() {
        List<String> rcpts = List.of("user1@vm.example", "user3@vm.example", "user4@vm.example", "user2@vm.example");
        assertThat(new ReaderSpoolStore(dir).copiesFor(rcpts)).as("USER1, USER2 and MAINT").isEqualTo(3);
        assertThat(new ReaderSpoolStore(dir).copiesFor(List.of("user3@vm.example", "user9@vm.example"))).isEqualTo(1);
        assertThat(new FileRepositoryStore(dir).copiesFor(rcpts)).isEqualTo(1);
        assertThat(new MaildirStore(dir).copiesFor(rcpts)).isEqualTo(4);
        MailCorpus corpus = new MailCorpus("r", 1000, 2, 5, "vm.example");
        assertThat(corpus.recipients(4)).containsExactly("user5@vm.example", "user1@vm.example");
    }

    @Test
    void percentilesAreNearestRank() {
        Latencies l = new Latencies(100);
        for (int i = 1; i <= 100; i++) {
            l.add(i * 1_000_000L);
        }
        assertThat(l.percentileMillis(50)).isEqualTo(50.0);
        assertThat(l.percentileMillis(95)).isEqualTo(95.0);
        assertThat(l.percentileMillis(99)).isEqualTo(99.0);
        assertThat(new Latencies(1).percentileMillis(50)).isZero();
    }

    @Test
    void badOptionsAreNamed() {
        assertThatThrownBy(() -> LoadSettings.parse(new String[] {"--mails", "10"})).hasMessageContaining("--port");
        assertThatThrownBy(() -> LoadSettings.parse(new String[] {"--port", "x"})).hasMessageContaining("--port needs a number");
        assertThatThrownBy(() -> LoadSettings.parse(new String[] {"--port", "25", "--connections", "0"}))
            .hasMessageContaining("--connections must be between 1");
        assertThatThrownBy(() -> DeliveryStore.parse("tape:/x")).hasMessageContaining("unknown store kind");
    }

    @Test
    void anMboxIsReadByFromLinesAndHeaderMessageIds() throws Exception {
        Path mbox = dir.resolve("mbox");
        Files.createDirectories(mbox);
        Files.writeString(mbox.resolve("user1"), "From a@b Tue Nov 24 04:00:00 2026\nSubject: x\nMessage-ID: <r.1@load.test>\n\n"
            + "Message-ID: <r.9@load.test> in a body is not a header\n\nFrom b@c Tue Nov 24 04:00:01 2026\n"
            + "message-id: <r.1@load.test>\n\nbody\n");
        Files.writeString(mbox.resolve("user1.lock.host.1"), "");
        MboxStore store = new MboxStore(mbox);
        assertThat(store.copies()).isEqualTo(2);
        assertThat(store.messageIds("r.")).containsExactlyEntriesOf(java.util.Map.of("r.1@load.test", 2));
    }

    @Test
    void theServersCpuIsReadFromProc() throws Exception {
        double before = ProcessTreeCpu.seconds(List.of(ProcessHandle.current().pid()));
        long x = 0;
        for (long i = 0; i < 300_000_000L; i++) {
            x += i ^ (x >>> 3);
        }
        assertThat(x).isNotZero();
        assertThat(ProcessTreeCpu.seconds(List.of(ProcessHandle.current().pid()))).isGreaterThan(before);
        assertThatThrownBy(() -> ProcessTreeCpu.seconds(List.of(Long.MAX_VALUE))).hasMessageContaining("not running");
    }
}
