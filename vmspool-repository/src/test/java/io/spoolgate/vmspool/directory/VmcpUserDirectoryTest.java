package io.spoolgate.vmspool.directory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.spoolgate.vmspool.spool.CommandRunner;
import io.spoolgate.vmspool.spool.VmUserid;

/** vmcp answers as recorded from CP (QUERY USER), replayed by a fake runner that also records the commands. */
class VmcpUserDirectoryTest {

    private final List<List<String>> commands = new ArrayList<>();
    private final Map<String, CommandRunner.Result> answers = Map.of(
        "USER1", new CommandRunner.Result(0, "USER1    - DSC\n", ""),
        "MAINT", new CommandRunner.Result(2, "HCPCQU045E MAINT not logged on\n",
            "Error: non-zero CP response for command 'QUERY USER MAINT': #45\n"),
        "NOBODY", new CommandRunner.Result(2, "HCPCQU053E NOBODY not in CP directory\n",
            "Error: non-zero CP response for command 'QUERY USER NOBODY': #53\n"),
        "WEIRD", new CommandRunner.Result(1, "", "vmcp: Opening the device /dev/vmcp failed: No such file or directory\n"));

    private final CommandRunner fake = command -> {
        commands.add(command);
        CommandRunner.Result r = answers.get(command.get(command.size() - 1));
        if (r == null) {
            throw new IOException("vmcp: not found");
        }
        return r;
    };

    @Test
    void loggedOnAndNotLoggedOnUsersExistOthersDoNot() {
        VmcpUserDirectory directory = new VmcpUserDirectory(fake, "/sbin/vmcp");
        assertThat(directory.exists(VmUserid.of("user1"))).isTrue();
        assertThat(directory.exists(VmUserid.of("MAINT"))).isTrue();
        assertThat(directory.exists(VmUserid.of("NOBODY"))).isFalse();
        assertThat(commands).first().isEqualTo(List.of("/sbin/vmcp", "QUERY", "USER", "USER1"));
    }

    @Test
    void anUnexpectedAnswerOrAMissingCommandIsAnErrorNotANo() {
        VmcpUserDirectory directory = new VmcpUserDirectory(fake, "vmcp");
        assertThatThrownBy(() -> directory.exists(VmUserid.of("WEIRD")))
            .isInstanceOf(UncheckedIOException.class).hasMessageContaining("/dev/vmcp");
        assertThatThrownBy(() -> directory.exists(VmUserid.of("GONE")))
            .isInstanceOf(UncheckedIOException.class).hasMessageContaining("vmcp: not found");
    }

    @Test
    void cachedDirectoryAsksCpOncePerTtl() {
        long[] now = {0};
        CachedUserDirectory cached = new CachedUserDirectory(new VmcpUserDirectory(fake, "vmcp"), Duration.ofSeconds(60),
            100, () -> now[0]);
        cached.exists(VmUserid.of("USER1"));
        cached.exists(VmUserid.of("USER1"));
        cached.exists(VmUserid.of("NOBODY"));
        cached.exists(VmUserid.of("NOBODY"));
        assertThat(commands).hasSize(2);
        now[0] += Duration.ofSeconds(61).toNanos();
        cached.exists(VmUserid.of("USER1"));
        assertThat(commands).hasSize(3);
    }
}
