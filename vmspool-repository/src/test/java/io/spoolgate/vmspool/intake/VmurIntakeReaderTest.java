package io.spoolgate.vmspool.intake;

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
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.spoolgate.vmspool.spool.CommandRunner;

/** The vmur intake against a recorded-command fake: the calls it makes and how it reads vmur's answers. */
class VmurIntakeReaderTest {

    @TempDir
    Path work;

    static final class Recorder implements CommandRunner {
        final List<List<String>> commands = new ArrayList<>();
        final Deque<Result> answers = new ArrayDeque<>();

        @Override
        public Result run(List<String> command) throws IOException {
            commands.add(command);
            if (command.get(0).equals("vmur") && command.get(1).equals("receive")) {
                Files.write(Path.of(command.get(4)), new byte[160]);
            }
            return answers.isEmpty() ? new Result(0, "", "") : answers.removeFirst();
        }
    }

    @Test
    void listsReceivesAndPurgesItsOwnReaderAfterATransfer() throws IOException {
        Recorder r = new Recorder();
        r.answers.add(new CommandRunner.Result(0, "", ""));
        r.answers.add(new CommandRunner.Result(0,
            "ORIGINID FILE CLASS RECORDS  CPY HOLD DATE  TIME     NAME      TYPE      DIST\n"
                + "USER7    0042 A PUN 00000002 001 NONE 11/24 03:04:05 USER7     MAIL      SMTP\n"
                + "MAINT    0007 A PUN 00000009 001 NONE 11/24 03:05:00 NOTE      NOTE      SMTP\n", ""));
        VmurIntakeReader reader = new VmurIntakeReader(r, "SMTP", Optional.of("OLDSMTP"), 5, Clock.systemUTC());
        List<IncomingFile> files = reader.pending();
        assertThat(files).extracting(IncomingFile::spoolId).containsExactly(7, 42);
        assertThat(files.get(1).origin()).isEqualTo("USER7");
        assertThat(files.get(1).key()).isEqualTo("SMTP-0042");
        Path data = reader.fetch(files.get(1), work);
        assertThat(Files.size(data)).isEqualTo(160);
        reader.release(data);
        assertThat(data).doesNotExist();
        reader.remove(files.get(1));
        assertThat(r.commands.get(0)).containsExactly("vmcp", "transfer", "OLDSMTP", "rdr", "all", "to", "*");
        assertThat(r.commands.get(1)).containsExactly("vmur", "list");
        assertThat(r.commands.get(2).subList(0, 4)).containsExactly("vmur", "receive", "-f", "42");
        assertThat(r.commands.get(3)).containsExactly("vmur", "purge", "-f", "42");
        // the transfer is not repeated within transferSeconds
        reader.pending();
        assertThat(r.commands.get(4)).containsExactly("vmur", "list");
    }

    @Test
    void rejectKeepsACopyAndTakesTheFileOut() throws IOException {
        Recorder r = new Recorder();
        VmurIntakeReader reader = new VmurIntakeReader(r, "SMTP", Optional.empty(), 5, Clock.systemUTC());
        IncomingFile f = new IncomingFile(42, "SMTP-0042", "USER7", "", "X", "MAIL");
        Path data = reader.fetch(f, work);
        RejectedArea area = new RejectedArea(work.resolve("rejected"));
        reader.reject(f, data, area, "bad segment flags at offset 3");
        assertThat(area.list("SMTP")).singleElement().satisfies(k -> {
            assertThat(k.reason()).contains("offset 3");
            assertThat(k.name()).startsWith("0042-");
        });
        assertThat(r.commands.get(r.commands.size() - 1)).containsExactly("vmur", "purge", "-f", "42");
    }

    @Test
    void failuresSayWhichCommandFailed() {
        Recorder r = new Recorder();
        r.answers.add(new CommandRunner.Result(4, "", "vmur: Could not open reader device\n"));
        VmurIntakeReader reader = new VmurIntakeReader(r, "SMTP", Optional.empty(), 5, Clock.systemUTC());
        assertThatThrownBy(reader::pending).hasMessageContaining("vmur list failed").hasMessageContaining("reader device");
    }
}
