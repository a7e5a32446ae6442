package io.spoolgate.addressing.access;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link HostAccessList} kept in a file the administrator edits; re-read when it changes (checked at most once a
 * second). A broken edit is refused with the line number and the previous list stays in force.
 */
public final class HostAccessFile {

    private static final Logger LOGGER = LoggerFactory.getLogger(HostAccessFile.class);
    private static final long CHECK_INTERVAL_NANOS = 1_000_000_000L;

    private final Path file;
    private volatile HostAccessList list;
    private volatile FileTime loadedVersion;
    private volatile long lastCheck;

    /** @throws IllegalArgumentException when the file is missing or has a bad line */
    public HostAccessFile(Path file) {
        this.file = file;
        try {
            loadedVersion = Files.getLastModifiedTime(file);
            list = HostAccessList.parse(file.toString(), Files.readAllLines(file, StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("host access file " + file + " does not exist");
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read host access file " + file + ": " + e.getMessage(), e);
        }
        lastCheck = System.nanoTime();
    }

    /** The list in force now. */
    public HostAccessList current() {
        long now = System.nanoTime();
        if (now - lastCheck >= CHECK_INTERVAL_NANOS) {
            lastCheck = now;
            reloadIfChanged();
        }
        return list;
    }

    private void reloadIfChanged() {
        try {
            FileTime version = Files.getLastModifiedTime(file);
            if (version.equals(loadedVersion)) {
                return;
            }
            list = HostAccessList.parse(file.toString(), Files.readAllLines(file, StandardCharsets.UTF_8));
            loadedVersion = version;
            LOGGER.info("host access file {} reloaded: {} rules", file, list.rules().size());
        } catch (IOException | IllegalArgumentException e) {
            LOGGER.error("host access file {} not reloaded, keeping the previous list: {}", file, e.getMessage());
        }
    }
}
