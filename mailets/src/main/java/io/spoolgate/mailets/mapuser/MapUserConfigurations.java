package io.spoolgate.mailets.mapuser;

import java.io.File;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.james.filesystem.api.FileSystem;
import org.apache.james.rrt.api.RecipientRewriteTable;

import io.spoolgate.addressing.mapping.MapUserEnvironment;
import io.spoolgate.addressing.mapping.MapUserFactory;
import io.spoolgate.addressing.mapping.MapUserSettings;
import io.spoolgate.vmspool.spool.ProcessCommandRunner;

/**
 * Loads {@code mapuser.properties} once per file and shares the built mappings between the MapUser mailet, the RCPT
 * hook and the webadmin route, so they always agree. A missing file means the defaults (chain {@code default}).
 */
public final class MapUserConfigurations {

    /** Where the mailet, hook and route look unless told otherwise. */
    public static final String DEFAULT_LOCATION = "file://conf/mapuser.properties";

    private static final Map<String, MapUserConfiguration> LOADED = new ConcurrentHashMap<>();

    private MapUserConfigurations() {
    }

    /** @throws IllegalArgumentException naming the file and the problem */
    public static MapUserConfiguration load(String location, FileSystem fileSystem, RecipientRewriteTable rrt) {
        Path file = resolve(fileSystem, location);
        return LOADED.computeIfAbsent(file.toString(), k -> build(file, fileSystem, rrt));
    }

    private static MapUserConfiguration build(Path file, FileSystem fileSystem, RecipientRewriteTable rrt) {
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            properties.load(in);
        } catch (NoSuchFileException e) {
            // no file: every default applies
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
        try {
            MapUserSettings settings = MapUserSettings.of(properties);
            MapUserEnvironment environment = new MapUserEnvironment(location -> resolve(fileSystem, location),
                new ProcessCommandRunner(Duration.ofSeconds(10)),
                Optional.ofNullable(rrt).map(RecipientRewriteTableStrategy::new));
            return new MapUserConfiguration(settings, new MapUserFactory(settings, environment).build());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    static Path resolve(FileSystem fileSystem, String location) {
        try {
            File f = fileSystem.getFile(location);
            return f.toPath().toAbsolutePath().normalize();
        } catch (FileNotFoundException e) {
            throw new IllegalArgumentException("cannot resolve " + location + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot resolve " + location, e);
        }
    }
}
