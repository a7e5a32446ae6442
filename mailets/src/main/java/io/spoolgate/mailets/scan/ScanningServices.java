package io.spoolgate.mailets.scan;

import io.spoolgate.scan.ScanCounters;
import io.spoolgate.scan.ScanSettings;
import io.spoolgate.scan.banned.BannedPartFinder;
import io.spoolgate.scan.banned.ZipEntryNames;
import io.spoolgate.scan.mime.Defanger;
import io.spoolgate.scan.policy.SpamHeaders;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Properties;
import javax.inject.Inject;
import javax.inject.Singleton;
import org.apache.james.filesystem.api.FileSystem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scanning components shared by every mailet, matcher, SMTP handler and route: settings from
 * {@code conf/scanning.properties} (or {@code scanning.properties} on the class path; defaults when neither exists),
 * the clamd and spamd clients, the banned-part finder, the defanger and the counters. One instance per server.
 */
@Singleton
public class ScanningServices {
    private static final Logger LOGGER = LoggerFactory.getLogger(ScanningServices.class);
    private final ScanSettings settings;
    private final ScanCounters counters = new ScanCounters();
    private final BannedPartFinder bannedPartFinder;
    private final Defanger defanger = new Defanger(List.of(SpamHeaders.PREFIX, "X-Virus-Scanned"));

    /**
     * @param fileSystem James' file system, to find {@code conf/scanning.properties}
     */
    @Inject
    public ScanningServices(FileSystem fileSystem) {
        this(ScanSettings.parse(load(fileSystem)));
    }

    /**
     * @param settings explicit settings (tests, benchmarks)
     */
    public ScanningServices(ScanSettings settings) {
        this.settings = settings;
        this.bannedPartFinder = new BannedPartFinder(settings.bannedRules(), settings.bannedTypes(), ZipEntryNames.defaults());
    }

    private static Properties load(FileSystem fileSystem) {
        Properties properties = new Properties();
        try {
            File file = fileSystem.getFile("file://conf/scanning.properties");
            if (file.isFile()) {
                try (InputStream in = Files.newInputStream(file.toPath())) {
                    properties.load(in);
                }
                LOGGER.info("scanning settings read from {}", file);
                return properties;
            }
        } catch (IOException e) {
            LOGGER.debug("no conf/scanning.properties: {}", e.getMessage());
        }
        try (InputStream in = ScanningServices.class.getClassLoader().getResourceAsStream("scanning.properties")) {
            if (in != null) {
                properties.load(in);
                LOGGER.info("scanning settings read from the class path");
            } else {
                LOGGER.info("no scanning.properties: using defaults (clamd 127.0.0.1:3310, spamd 127.0.0.1:783)");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read scanning.properties from the class path", e);
        }
        return properties;
    }

    /** @return the settings */
    public ScanSettings settings() {
        return settings;
    }

    /** @return the outcome counters */
    public ScanCounters counters() {
        return counters;
    }

    /** @return the banned-part finder */
    public BannedPartFinder bannedPartFinder() {
        return bannedPartFinder;
    }

    /** @return the defanger */
    public Defanger defanger() {
        return defanger;
    }
}
