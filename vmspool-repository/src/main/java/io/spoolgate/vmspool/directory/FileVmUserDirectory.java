package io.spoolgate.vmspool.directory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.spoolgate.vmspool.spool.VmUserid;

/**
 * The VM user directory as a text file the administrator edits: one userid per line (the first word; the rest of the
 * line is a comment), blank lines and lines starting with {@code *} or {@code #} ignored. The file is re-read when it
 * changes (checked at most once a second); a broken edit is refused with the line number and the previous list stays
 * in force.
 */
public final class FileVmUserDirectory implements VmUserDirectory {

    private static final Logger LOGGER = LoggerFactory.getLogger(FileVmUserDirectory.class);
    private static final long CHECK_INTERVAL_NANOS = 1_000_000_000L;

    private final Path file;
    private volatile Set<VmUserid> userids;
    private volatile FileTime loadedVersion;
    private volatile long lastCheck;

    /** @throws IllegalArgumentException naming the file and line of the first bad userid, or when the file is missing */
    public FileVmUserDirectory(Path file) {
        this.file = file;
        try {
            this.loadedVersion = Files.getLastModifiedTime(file);
            this.userids = parse(file, Files.readAllLines(file, StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("VM user directory file " + file + " does not exist");
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read VM user directory file " + file + ": " + e.getMessage(), e);
        }
        this.lastCheck = System.nanoTime();
    }

    @Override
    public boolean exists(VmUserid userid) {
        reloadIfChanged();
        return userids.contains(userid);
    }

    /** The userids listed now. */
    public Set<VmUserid> userids() {
        reloadIfChanged();
        return Set.copyOf(userids);
    }

    static Set<VmUserid> parse(Path file, List<String> lines) {
        Set<VmUserid> result = new HashSet<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).trim();
            if (line.isEmpty() || line.startsWith("*") || line.startsWith("#")) {
                continue;
            }
            String word = line.split("\\s+", 2)[0];
            try {
                result.add(VmUserid.of(word));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(file + " line " + (i + 1) + ": " + e.getMessage());
            }
        }
        return result;
    }

    private void reloadIfChanged() {
        long now = System.nanoTime();
        if (now - lastCheck < CHECK_INTERVAL_NANOS) {
            return;
        }
        lastCheck = now;
        try {
            FileTime version = Files.getLastModifiedTime(file);
            if (version.equals(loadedVersion)) {
                return;
            }
            Set<VmUserid> fresh = parse(file, Files.readAllLines(file, StandardCharsets.UTF_8));
            userids = fresh;
            loadedVersion = version;
            LOGGER.info("VM user directory {} reloaded: {} userids", file, fresh.size());
        } catch (IOException | IllegalArgumentException e) {
            LOGGER.error("VM user directory {} not reloaded, keeping the previous {} userids: {}", file, userids.size(),
                e.getMessage());
        }
    }
}
