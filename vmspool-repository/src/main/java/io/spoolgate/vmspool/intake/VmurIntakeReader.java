package io.spoolgate.vmspool.intake;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.spoolgate.vmspool.spool.CommandRunner;

/**
 * The guest's own z/VM reader, read with s390-tools: {@code vmur list} for what waits (columns ORIGINID FILE CLASS
 * RECORDS CPY HOLD DATE TIME NAME TYPE DIST), {@code vmur receive -f SPOOLID FILE} for the card images and
 * {@code vmur purge -f SPOOLID} to take a file out.
 *
 * <p>Optionally, on a guest with CP privilege class D, files that users still punch to the old SMTP machine are pulled
 * into this reader first with {@code vmcp transfer OLDUSER rdr all to *} (what the replaced product's once-a-minute
 * utility did), at most every {@code transferSeconds}.</p>
 */
public final class VmurIntakeReader implements IntakeReader {

    private final CommandRunner runner;
    private final String serviceUserid;
    private final Optional<String> transferFrom;
    private final long transferMillis;
    private final Clock clock;
    private long lastTransfer = Long.MIN_VALUE / 2;

    /**
     * @param serviceUserid   this guest's userid (names the files in logs)
     * @param transferFrom    the old SMTP machine whose reader is pulled over with CP TRANSFER, or empty
     * @param transferSeconds at most one TRANSFER per this many seconds
     */
    public VmurIntakeReader(CommandRunner runner, String serviceUserid, Optional<String> transferFrom,
                            int transferSeconds, Clock clock) {
        this.runner = runner;
        this.serviceUserid = serviceUserid;
        this.transferFrom = transferFrom;
        this.transferMillis = transferSeconds * 1000L;
        this.clock = clock;
    }

    @Override
    public List<IncomingFile> pending() throws IOException {
        transferIfDue();
        CommandRunner.Result r = runner.run(List.of("vmur", "list"));
        List<IncomingFile> files = new ArrayList<>();
        if (!r.ok()) {
            if ((r.stdout() + r.stderr()).toUpperCase().contains("NO RDR FILES") || r.stderr().contains("no files")) {
                return files;
            }
            throw new IOException("vmur list failed (" + r.exitCode() + "): " + r.stderr().trim());
        }
        for (String line : r.stdout().split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length < 11 || !f[1].matches("\\d{1,4}")) {
                continue;
            }
            int id = Integer.parseInt(f[1]);
            files.add(new IncomingFile(id, serviceUserid + "-" + f[1], f[0], "", f[9], f[10]));
        }
        files.sort((a, b) -> Integer.compare(a.spoolId(), b.spoolId()));
        return files;
    }

    private void transferIfDue() throws IOException {
        if (transferFrom.isEmpty() || clock.millis() - lastTransfer < transferMillis) {
            return;
        }
        lastTransfer = clock.millis();
        CommandRunner.Result r = runner.run(List.of("vmcp", "transfer", transferFrom.get(), "rdr", "all", "to", "*"));
        if (!r.ok() && !(r.stdout() + r.stderr()).toUpperCase().contains("NO RDR FILES")) {
            throw new IOException("vmcp transfer " + transferFrom.get() + " rdr all to * failed (" + r.exitCode() + "): "
                + (r.stderr().isBlank() ? r.stdout() : r.stderr()).trim());
        }
    }

    @Override
    public Path fetch(IncomingFile file, Path workDirectory) throws IOException {
        Files.createDirectories(workDirectory);
        Path target = Files.createTempFile(workDirectory, "rdr-" + file.spoolId() + "-", ".cards");
        CommandRunner.Result r = runner.run(List.of("vmur", "receive", "-f", Integer.toString(file.spoolId()),
            target.toString()));
        if (!r.ok()) {
            Files.deleteIfExists(target);
            throw new IOException("vmur receive " + file.spoolId() + " failed (" + r.exitCode() + "): " + r.stderr().trim());
        }
        return target;
    }

    @Override
    public void release(Path fetched) throws IOException {
        Files.deleteIfExists(fetched);
    }

    @Override
    public void remove(IncomingFile file) throws IOException {
        CommandRunner.Result r = runner.run(List.of("vmur", "purge", "-f", Integer.toString(file.spoolId())));
        if (!r.ok()) {
            throw new IOException("vmur purge " + file.spoolId() + " failed (" + r.exitCode() + "): " + r.stderr().trim());
        }
    }

    @Override
    public Path reject(IncomingFile file, Path fetched, RejectedArea area, String reason) throws IOException {
        Path dir = Files.createTempDirectory(fetched.getParent(), "rejected-");
        Path copy = dir.resolve(String.format("%04d", file.spoolId()) + ".rdr");
        Files.copy(fetched, copy);
        Path kept = area.reject(serviceUserid, copy, null, reason, clock.instant());
        Files.deleteIfExists(dir);
        remove(file);
        return kept;
    }
}
