package io.spoolgate.vmspool.james;

import java.io.File;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.james.filesystem.api.FileSystem;

import io.spoolgate.vmspool.directory.FileVmUserDirectory;
import io.spoolgate.vmspool.directory.VmUserDirectory;
import io.spoolgate.vmspool.spool.DirectorySpoolBackend;
import io.spoolgate.vmspool.spool.NameSyncer;
import io.spoolgate.vmspool.spool.ProcessCommandRunner;
import io.spoolgate.vmspool.spool.SpoolBackend;
import io.spoolgate.vmspool.spool.VmurSpoolBackend;

/**
 * One spool backend and one user directory per location, shared by every {@code vmspool://} repository (and by the
 * spool tools) in the process, so that spool ids stay unique and files are watched once.
 */
public final class SpoolBackends {

    private static final Map<String, SpoolBackend> BACKENDS = new ConcurrentHashMap<>();
    private static final Map<String, VmUserDirectory> DIRECTORIES = new ConcurrentHashMap<>();
    private static volatile NameSyncer deferredNames;

    private SpoolBackends() {
    }

    public static SpoolBackend open(VmSpoolSettings settings, FileSystem fileSystem, Clock clock) throws IOException {
        Path root = resolve(fileSystem, settings.spoolRoot()).toPath().toAbsolutePath().normalize();
        String key = settings.backend() + ":" + root;
        return BACKENDS.computeIfAbsent(key, k -> settings.backend().equals("vmur")
            ? new VmurSpoolBackend(new ProcessCommandRunner(Duration.ofSeconds(30)), root, settings.punchDevice(), clock)
            : new DirectorySpoolBackend(root, clock, settings.durability()));
    }

    /**
     * From now on, punches by {@code vmspool://} repositories return before their file names are durable and leave
     * that to the returned syncer; called by a mail queue that records a mail as delivered only through
     * {@link NameSyncer#afterNamesDurable} (Spoolgate's journal queue). Without such a queue (James's own queues, which
     * forget a mail as soon as the spooler is done with it) punches stay durable as they return.
     */
    public static NameSyncer deferNames() {
        synchronized (BACKENDS) {
            if (deferredNames == null) {
                deferredNames = new NameSyncer();
            }
            return deferredNames;
        }
    }

    /** The syncer punches leave their names to, when a queue asked for it ({@link #deferNames}); else empty. */
    public static Optional<NameSyncer> deferredNames() {
        return Optional.ofNullable(deferredNames);
    }

    public static VmUserDirectory userDirectory(VmSpoolSettings settings, FileSystem fileSystem) throws IOException {
        Path file = resolve(fileSystem, settings.userDirectory()).toPath().toAbsolutePath().normalize();
        return DIRECTORIES.computeIfAbsent(file.toString(), k -> new FileVmUserDirectory(file));
    }

    private static File resolve(FileSystem fileSystem, String location) throws IOException {
        try {
            return fileSystem.getFile(location);
        } catch (FileNotFoundException e) {
            throw new IOException("cannot resolve " + location + ": " + e.getMessage(), e);
        }
    }
}
