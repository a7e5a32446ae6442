package io.spoolgate.vmspool.spool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The vmur backend against a recorded-command fake: the exact vmcp/vmur calls it makes and how it reads CP's answers. */
class VmurSpoolBackendTest {

    @TempDir
    Path work;

    /** Records each command and the staged card file size, and answers from a script. */
    static final class RecordingRunner implements CommandRunner {
        final List<List<String>> commands = new ArrayList<>();
        final List<Long> stagedSizes = new ArrayList<>();
        final Deque<Result> answers = new ArrayDeque<>();

        @Override
        public Result run(List<String> command) throws IOException {
            commands.add(command);
            String last = command.get(command.size() - 1);
            if (command.get(0).equals("vmur")) {
                stagedSizes.add(Files.size(Path.of(last)));
            }
            return answers.isEmpty() ? new Result(0, "", "") : answers.removeFirst();
        }
    }

    private static PunchRequest request() {
        return new PunchRequest(VmUserid.of("USER1"), 'B', "alice", "MAIL", VmUserid.of("SMTP"), "VMNODE",
            DeliveryFormat.NETDATA, "mail-1", "alice@example.org", List.of("user1@vm.example"));
    }

    @Test
    void punchSetsTheClassThenPunchesToTheReaderAndReadsTheSpoolId() throws IOException {
        RecordingRunner runner = new RecordingRunner();
        runner.answers.add(new CommandRunner.Result(0, "", ""));
        runner.answers.add(new CommandRunner.Result(0, "Reader file with spoolid 0123 created.\n", ""));
        VmurSpoolBackend spool = new VmurSpoolBackend(runner, work, "00d", Clock.systemUTC());
        SpoolFile f = spool.punch(request(), out -> {
            out.write(new byte[160]);
            return 2;
        });
        assertThat(runner.commands).containsExactly(
            List.of("vmcp", "spool", "00d", "class", "B"),
            List.of("vmur", "punch", "-r", "-d", "00d", "-u", "USER1", "-N", "ALICE.MAIL",
                runner.commands.get(1).get(9)));
        assertThat(runner.stagedSizes).containsExactly(160L);
        assertThat(f.spoolId()).isEqualTo(123);
        assertThat(f.records()).isEqualTo(2);
        try (var staged = Files.list(work)) {
            assertThat(staged).as("staged card file removed").isEmpty();
        }
        assertThat(spool.findByMailKey(VmUserid.of("USER1"), "mail-1")).contains(f);
    }

    @Test
    void aRefusedPunchFailsWithCpsWords() {
        RecordingRunner runner = new RecordingRunner();
        runner.answers.add(new CommandRunner.Result(0, "", ""));
        runner.answers.add(new CommandRunner.Result(1, "", "vmur: User USER1 does not exist\n"));
        VmurSpoolBackend spool = new VmurSpoolBackend(runner, work, "00d", Clock.systemUTC());
        assertThatThrownBy(() -> spool.punch(request(), out -> 0))
            .isInstanceOf(IOException.class).hasMessageContaining("does not exist");
    }

    @Test
    void listParsesQueryReader() throws IOException {
        RecordingRunner runner = new RecordingRunner();
        runner.answers.add(new CommandRunner.Result(0,
            "ORIGINID FILE CLASS RECORDS  CPY HOLD DATE  TIME     NAME      TYPE      DIST\n"
                + "SMTP     0123 A PUN 00000042 001 NONE 11/24 03:04:05 ALICE     MAIL      USER1\n"
                + "MAINT    0124 B PUN 00000007 001 NONE 11/24 03:05:00 PROFILE   EXEC      USER1\n", ""));
        VmurSpoolBackend spool = new VmurSpoolBackend(runner, work, "00d", Clock.systemUTC());
        List<SpoolFile> files = spool.list(VmUserid.of("USER1"));
        assertThat(runner.commands).containsExactly(List.of("vmcp", "query", "rdr", "USER1", "all"));
        assertThat(files).extracting(SpoolFile::spoolId).containsExactly(123, 124);
        assertThat(files.get(0).records()).isEqualTo(42);
        assertThat(files.get(1).fileName()).isEqualTo("PROFILE");
        assertThat(files.get(1).spoolClass()).isEqualTo('B');
    }

    @Test
    void anEmptyReaderIsNotAnError() throws IOException {
        RecordingRunner runner = new RecordingRunner();
        runner.answers.add(new CommandRunner.Result(1, "", "HCPCQV003E Invalid option - NO RDR FILES\n"));
        VmurSpoolBackend spool = new VmurSpoolBackend(runner, work, "00d", Clock.systemUTC());
        assertThat(spool.list(VmUserid.of("USER1"))).isEmpty();
    }

    @Test
    void purgeUsesCp() throws IOException {
        RecordingRunner runner = new RecordingRunner();
        VmurSpoolBackend spool = new VmurSpoolBackend(runner, work, "00d", Clock.systemUTC());
        assertThat(spool.purge(VmUserid.of("USER1"), 123)).isTrue();
        assertThat(runner.commands).containsExactly(List.of("vmcp", "purge", "USER1", "rdr", "123"));
    }
}
