package io.spoolgate.mailets.scan;

import io.spoolgate.scan.RetentionRule;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.inject.Inject;
import org.apache.james.lifecycle.api.LifecycleUtil;
import org.apache.james.mailrepository.api.MailKey;
import org.apache.james.mailrepository.api.MailRepository;
import org.apache.james.mailrepository.api.MailRepositoryStore;
import org.apache.james.mailrepository.api.MailRepositoryUrl;
import org.apache.mailet.Mail;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes quarantined mails older than the retention period ({@code quarantine.retention}, default 7 days) from the
 * repositories listed in {@code quarantine.repositories}. Each removal is logged with the mail's name and age.
 */
public class QuarantinePurger {
    private static final Logger LOGGER = LoggerFactory.getLogger(QuarantinePurger.class);
    private final ScanningServices services;
    private final MailRepositoryStore repositories;
    private final Clock clock;

    /**
     * @param services shared scanning components (settings)
     * @param repositories James' mail repositories
     */
    @Inject
    public QuarantinePurger(ScanningServices services, MailRepositoryStore repositories) {
        this(services, repositories, Clock.systemUTC());
    }

    /**
     * @param services shared scanning components (settings)
     * @param repositories James' mail repositories
     * @param clock the time source
     */
    public QuarantinePurger(ScanningServices services, MailRepositoryStore repositories, Clock clock) {
        this.services = services;
        this.repositories = repositories;
        this.clock = clock;
    }

    /**
     * @return number of mails purged per repository URL
     */
    public Map<String, Integer> purge() {
        RetentionRule rule = new RetentionRule(services.settings().retention());
        Instant now = clock.instant();
        Map<String, Integer> purged = new LinkedHashMap<>();
        for (String url : services.settings().quarantineRepositories()) {
            int count = 0;
            try {
                MailRepository repository = repositories.select(MailRepositoryUrl.from(url));
                List<MailKey> keys = new ArrayList<>();
                Iterator<MailKey> it = repository.list();
                while (it.hasNext()) {
                    keys.add(it.next());
                }
                for (MailKey key : keys) {
                    Mail mail = repository.retrieve(key);
                    if (mail == null) {
                        continue;
                    }
                    try {
                        Instant updated = mail.getLastUpdated() == null ? null : mail.getLastUpdated().toInstant();
                        if (rule.expired(updated, now)) {
                            repository.remove(key);
                            count++;
                            LOGGER.info("quarantine purge: removed {} from {} (stored {}, retention {})", key.asString(), url,
                                updated, rule.maxAge());
                        }
                    } finally {
                        LifecycleUtil.dispose(mail);
                    }
                }
            } catch (Exception e) {
                LOGGER.error("quarantine purge of {} failed after {} removals", url, count, e);
            }
            purged.put(url, count);
        }
        services.counters().increment("quarantine.purgeRuns");
        return purged;
    }
}
