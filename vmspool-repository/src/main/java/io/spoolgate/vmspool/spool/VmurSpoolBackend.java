package io.spoolgate.vmspool.spool;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The real z/VM spool, for a Linux guest on IBM Z: punches with s390-tools
 * {@code vmur punch -r -u USERID -N NAME.TYPE FILE} to the user's reader after setting the punch class with
 * {@code vmcp spool 00d class X}; lists readers with {@code vmcp query rdr USERID all} and purges with
 * {@code vmcp purge USERID rdr NNNN} (both need CP privilege class D).
 *
 * <p>The guest's virtual punch is one device, so punches are serialised. Mail keys of punched files are remembered in
 * memory for the life of the process (CP keeps no such tag): a crash between the punch and the queue acknowledgement
 * can therefore punch a mail twice with this backend, unlike the directory backend. The data of other users' reader
 * files cannot be read back from a guest, so {@link #open} fails with a clear message.</p>
 */
public final class VmurSpoolBackend implements SpoolBackend {

    private static final Pattern CREATED = Pattern.compile("spoolid\\s+(\\d+)", Pattern.CASE_INSENSITIVE);

    private final CommandRunner runner;
    private final Path workDirectory;
    private final String punchDevice;
    private final Clock clock;
    private final Map<String, SpoolFile> punchedByKey = new ConcurrentHashMap<>();

    /**
     * @param runner        runs vmur and vmcp
     * @param workDirectory where the card images are staged before {@code vmur punch}
     * @param punchDevice   the guest's virtual punch, {@code 00d} by default
     */
    public VmurSpoolBackend(CommandRunner runner, Path workDirectory, String punchDevice, Clock clock) {
        this.runner = runner;
        this.workDirectory = workDirectory;
        this.punchDevice = punchDevice;
        this.clock = clock;
    }

    @Override
    public synchronized SpoolFile punch(PunchRequest request, SpoolFileContent content) throws IOException {
        Files.createDirectories(workDirectory);
        Path staged = Files.createTempFile(workDirectory, "punch-", ".cards");
        try {
            long records;
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(staged))) {
                records = content.writeTo(out);
            }
            long bytes = Files.size(staged);
            check(List.of("vmcp", "spool", punchDevice, "class", Character.toString(request.spoolClass())));
            CommandRunner.Result punched = check(List.of("vmur", "punch", "-r", "-d", punchDevice,
                "-u", request.owner().value(), "-N", request.fileName() + "." + request.fileType(), staged.toString()));
            Matcher m = CREATED.matcher(punched.stdout() + punched.stderr());
            if (!m.find()) {
                throw new IOException("vmur punch gave no spool id: " + punched.stdout().trim());
            }
            SpoolFile file = new SpoolFile(request.owner(), Integer.parseInt(m.group(1)), request.spoolClass(),
                request.fileName(), request.fileType(), request.originUserid(), request.originNode(), request.format(),
                records, bytes, clock.instant(), request.mailKey(), request.sender(), request.recipients());
            punchedByKey.put(request.owner().value() + " " + request.mailKey(), file);
            return file;
        } finally {
            Files.deleteIfExists(staged);
        }
    }

    @Override
    public Optional<SpoolFile> findByMailKey(VmUserid owner, String mailKey) {
        return Optional.ofNullable(punchedByKey.get(owner.value() + " " + mailKey));
    }

    @Override
    public List<VmUserid> readers() {
        List<VmUserid> owners = new ArrayList<>();
        punchedByKey.values().forEach(f -> {
            if (!owners.contains(f.owner())) {
                owners.add(f.owner());
            }
        });
        owners.sort(null);
        return owners;
    }

    /**
     * Parses {@code vmcp query rdr USERID all}: columns ORIGINID FILE CLASS RECORDS CPY HOLD DATE TIME NAME TYPE DIST,
     * where CLASS shows the class and the device type ({@code A PUN}).
     */
    @Override
    public List<SpoolFile> list(VmUserid owner) throws IOException {
        CommandRunner.Result r = runner.run(List.of("vmcp", "query", "rdr", owner.value(), "all"));
        List<SpoolFile> files = new ArrayList<>();
        if (!r.ok()) {
            if ((r.stdout() + r.stderr()).toUpperCase(Locale.ROOT).contains("NO RDR FILES")) {
                return files;
            }
            throw new IOException("vmcp query rdr " + owner + " failed (" + r.exitCode() + "): " + r.stderr().trim());
        }
        for (String line : r.stdout().split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length < 11 || !f[1].matches("\\d{1,4}")) {
                continue;
            }
            int id = Integer.parseInt(f[1]);
            SpoolFile known = punchedByKey.values().stream()
                .filter(k -> k.owner().equals(owner) && k.spoolId() == id).findFirst().orElse(null);
            files.add(new SpoolFile(owner, id, f[2].charAt(0), f[9], f[10], VmUserid.parse(f[0]).orElse(owner), "",
                known == null ? DeliveryFormat.NETDATA : known.format(), parseLong(f[4]), 0L,
                known == null ? clock.instant() : known.created(), known == null ? "" : known.mailKey(),
                known == null ? "" : known.sender(), known == null ? List.of() : known.recipients()));
        }
        return files;
    }

    @Override
    public Optional<SpoolFile> find(VmUserid owner, int spoolId) throws IOException {
        return list(owner).stream().filter(f -> f.spoolId() == spoolId).findFirst();
    }

    @Override
    public InputStream open(SpoolFile file) throws IOException {
        throw new IOException("reader file " + file.key() + " is in " + file.owner()
            + "'s reader on z/VM: a guest cannot read another user's reader (use the directory backend to peek)");
    }

    @Override
    public boolean purge(VmUserid owner, int spoolId) throws IOException {
        CommandRunner.Result r = runner.run(List.of("vmcp", "purge", owner.value(), "rdr", Integer.toString(spoolId)));
        punchedByKey.values().removeIf(f -> f.owner().equals(owner) && f.spoolId() == spoolId);
        return r.ok();
    }

    private CommandRunner.Result check(List<String> command) throws IOException {
        CommandRunner.Result r = runner.run(command);
        if (!r.ok()) {
            throw new IOException(String.join(" ", command) + " failed (" + r.exitCode() + "): "
                + (r.stderr().isBlank() ? r.stdout() : r.stderr()).trim());
        }
        return r;
    }

    private static long parseLong(String s) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
