package io.spoolgate.mailets.scan;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.annotation.PreDestroy;
import javax.inject.Inject;
import org.apache.james.utils.UserDefinedStartable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scheduled quarantine retention: runs {@link QuarantinePurger} once at start and then every
 * {@code quarantine.purgeInterval} (default 1h). Register with
 * {@code guice.extension.startable=io.spoolgate.mailets.scan.QuarantineRetention}.
 */
public class QuarantineRetention implements UserDefinedStartable {
    private static final Logger LOGGER = LoggerFactory.getLogger(QuarantineRetention.class);
    private final QuarantinePurger purger;
    private final ScanningServices services;
    private ScheduledExecutorService scheduler;

    /**
     * @param purger the purge
     * @param services shared scanning components (interval)
     */
    @Inject
    public QuarantineRetention(QuarantinePurger purger, ScanningServices services) {
        this.purger = purger;
        this.services = services;
    }

    @Override
    public void start() {
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "spoolgate-quarantine-retention");
            t.setDaemon(true);
            return t;
        });
        long every = services.settings().purgeInterval().toMillis();
        scheduler.scheduleWithFixedDelay(this::runOnce, 0, every, TimeUnit.MILLISECONDS);
        LOGGER.info("quarantine retention {} every {} on {}", services.settings().retention(),
            services.settings().purgeInterval(), services.settings().quarantineRepositories());
    }

    private void runOnce() {
        try {
            LOGGER.info("quarantine purge: {}", purger.purge());
        } catch (RuntimeException e) {
            LOGGER.error("quarantine purge failed", e);
        }
    }

    /** Stops the schedule at shutdown. */
    @PreDestroy
    public void stop() {
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
    }
}
