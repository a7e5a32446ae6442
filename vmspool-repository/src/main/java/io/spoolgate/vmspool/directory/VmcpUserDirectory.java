package io.spoolgate.vmspool.directory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;

import io.spoolgate.vmspool.spool.CommandRunner;
import io.spoolgate.vmspool.spool.VmUserid;

/**
 * The VM user directory as CP itself knows it (Linux on Z): {@code vmcp QUERY USER userid}. A userid exists when CP
 * answers that it is logged on ({@code USER1 - DSC}) or {@code HCPCQU045E USER1 not logged on}; it does not when CP
 * answers {@code HCPCQU053E USER1 not in CP directory} (or {@code HCPCQU003E Invalid option}). Any other answer is an
 * error, not a "no": mail must not go to the default user because CP was unreachable.
 */
public final class VmcpUserDirectory implements VmUserDirectory {

    private final CommandRunner runner;
    private final String vmcp;

    /** @param vmcp path of the vmcp command (usually {@code vmcp} or {@code /sbin/vmcp}) */
    public VmcpUserDirectory(CommandRunner runner, String vmcp) {
        this.runner = runner;
        this.vmcp = vmcp;
    }

    /** @throws UncheckedIOException when vmcp cannot run or CP gives an answer that is neither yes nor no */
    @Override
    public boolean exists(VmUserid userid) {
        CommandRunner.Result result;
        try {
            result = runner.run(List.of(vmcp, "QUERY", "USER", userid.value()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + vmcp + " QUERY USER " + userid + ": " + e.getMessage(), e);
        }
        String answer = (result.stdout() + "\n" + result.stderr()).toUpperCase(Locale.ROOT);
        if (answer.contains("NOT LOGGED ON") || answer.contains("HCP045E") || answer.contains("HCPCQU045E")) {
            return true;
        }
        if (answer.contains("NOT IN CP DIRECTORY") || answer.contains("053E") || answer.contains("HCPCQU003E")) {
            return false;
        }
        if (result.ok() && answer.stripLeading().startsWith(userid.value())) {
            return true;
        }
        throw new UncheckedIOException(new IOException(vmcp + " QUERY USER " + userid + " gave an unexpected answer (exit "
            + result.exitCode() + "): " + (result.stdout() + " " + result.stderr()).strip()));
    }
}
