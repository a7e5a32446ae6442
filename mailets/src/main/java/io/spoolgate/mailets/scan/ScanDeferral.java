package io.spoolgate.mailets.scan;

import io.spoolgate.scan.Durations;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import javax.mail.MessagingException;
import org.apache.james.lifecycle.api.LifecycleUtil;
import org.apache.james.mailrepository.api.MailRepository;
import org.apache.james.mailrepository.api.MailRepositoryStore;
import org.apache.james.mailrepository.api.MailRepositoryUrl;
import org.apache.james.queue.api.MailQueue;
import org.apache.james.queue.api.MailQueueFactory;
import org.apache.james.queue.api.MailQueueName;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts a mail aside when a scanner is unavailable: re-enqueued in the spool queue with a growing delay, resuming
 * at the same processor, and after {@code maxRetries} deferrals stored in a durable repository (never passed
 * unscanned, never dropped). The original mail is ghosted in both cases.
 */
final class ScanDeferral {
    private static final Logger LOGGER = LoggerFactory.getLogger(ScanDeferral.class);
    private final MailQueue queue;
    private final List<Duration> delays;
    private final int maxRetries;
    private final MailRepository exhausted;
    private final MailRepositoryUrl exhaustedUrl;

    ScanDeferral(MailQueueFactory<?> queues, MailRepositoryStore repositories, String queueName, String delays,
                 int maxRetries, String exhaustedRepository) throws MessagingException {
        this.queue = Objects.requireNonNull(queues, "no MailQueueFactory").createQueue(MailQueueName.of(queueName));
        this.delays = Durations.parseList(delays, "retryDelays");
        if (maxRetries < 0) {
            throw new MessagingException("maxRetries must be >= 0, got " + maxRetries);
        }
        this.maxRetries = maxRetries;
        try {
            this.exhaustedUrl = MailRepositoryUrl.from(exhaustedRepository);
            this.exhausted = repositories.select(exhaustedUrl);
        } catch (Exception e) {
            throw new MessagingException("exhaustedRepository '" + exhaustedRepository + "' cannot be opened: " + e.getMessage(), e);
        }
    }

    /**
     * @param mail the mail whose scan failed
     * @param reason why
     * @throws MessagingException when neither the queue nor the repository accepts the mail (the spooler then retries)
     */
    void defer(Mail mail, String reason) throws MessagingException {
        int attempts = mail.getAttribute(ScanAttributes.ATTEMPTS).map(a -> a.getValue().getValue())
            .filter(Integer.class::isInstance).map(Integer.class::cast).orElse(0);
        ScanAttributes.set(mail, ScanAttributes.FAILURE, reason);
        if (attempts >= maxRetries) {
            exhausted.store(mail);
            LOGGER.error("scan of mail {} failed {} times ({}); stored in {} for an administrator (reprocess it with "
                + "webadmin /mailRepositories once the scanners are back)", mail.getName(), attempts + 1, reason, exhaustedUrl.asString());
            mail.setState(Mail.GHOST);
            return;
        }
        Duration delay = delays.get(Math.min(attempts, delays.size() - 1));
        Mail copy = mail.duplicate();
        try {
            copy.setName(mail.getName());
            copy.setState(mail.getState());
            copy.setAttribute(new Attribute(ScanAttributes.ATTEMPTS, AttributeValue.of(attempts + 1)));
            queue.enQueue(copy, delay);
        } finally {
            LifecycleUtil.dispose(copy);
        }
        LOGGER.warn("scan of mail {} deferred for {} (attempt {} of {}): {}", mail.getName(), delay, attempts + 1,
            maxRetries, reason);
        mail.setState(Mail.GHOST);
    }
}
