package io.spoolgate.vmspool.directory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.function.BiFunction;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A file the administrator edits while the server runs, parsed into a value: read at construction (a missing file or
 * a bad line is an {@link IllegalArgumentException} naming the file and line), re-read when its modification time
 * changes (checked at most once a second); an edit that does not parse is logged and the previous value stays in
 * force. Shared by the VM user directory file and the MAPUSER alias file.
 *
 * @param <T> the parsed content
 */
public final class EditedFile<T> {

    private static final Logger LOGGER = LoggerFactory.getLogger(EditedFile.class);
    private static final long CHECK_INTERVAL_NANOS = 1_000_000_000L;

    private final Path file;
    private final String what;
    private final BiFunction<Path, List<String>, T> parser;
    private volatile T value;
    private volatile FileTime loadedVersion;
    private volatile long lastCheck;

    /**
     * @param what   how messages name the file, e.g. {@code "alias file"}
     * @param parser turns the lines into the value; throws {@link IllegalArgumentException} with the line number
     */
    public EditedFile(Path file, String what, BiFunction<Path, List<String>, T> parser) {
        this.file = file;
        this.what = what;
        this.parser = parser;
        try {
            loadedVersion = Files.getLastModifiedTime(file);
            value = parser.apply(file, Files.readAllLines(file, StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(what + " " + file + " does not exist");
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + what + " " + file + ": " + e.getMessage(), e);
        }
        lastCheck = System.nanoTime();
    }

    /** The value of the file as last read successfully, re-reading it first if it changed. */
    public T current() {
        long now = System.nanoTime();
        if (now - lastCheck >= CHECK_INTERVAL_NANOS) {
            lastCheck = now;
            reloadIfChanged();
        }
        return value;
    }

    private void reloadIfChanged() {
        try {
            FileTime version = Files.getLastModifiedTime(file);
            if (version.equals(loadedVersion)) {
                return;
            }
            value = parser.apply(file, Files.readAllLines(file, StandardCharsets.UTF_8));
            loadedVersion = version;
            LOGGER.info("{} {} reloaded", what, file);
        } catch (IOException | IllegalArgumentException e) {
            LOGGER.error("{} {} not reloaded, keeping the previous content: {}", what, file, e.getMessage());
        }
    }
}
