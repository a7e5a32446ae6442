package io.spoolgate.matchers.scan;

import io.spoolgate.mailets.scan.ScanAttributes;
import io.spoolgate.mailets.scan.ScanningServices;
import io.spoolgate.scan.policy.Destiny;
import io.spoolgate.scan.policy.ScanCategory;
import io.spoolgate.scan.policy.SpamHeaders;
import io.spoolgate.scan.policy.ThresholdPolicy;
import io.spoolgate.scan.spamassassin.SpamVerdict;
import java.util.Collection;
import java.util.Optional;
import javax.inject.Inject;
import javax.mail.MessagingException;
import org.apache.james.core.MailAddress;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMatcher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Matches the recipients whose policy gives this mail the destiny named in the condition, for the mail's category
 * (amavis precedence: virus, banned, unchecked, spam). Compose destinies in {@code mailetcontainer.xml}, e.g.
 * {@code ScanDestinyIs=virus:QUARANTINE} → {@code ToRepository}, {@code ScanDestinyIs=spam:DISCARD} → {@code Null},
 * {@code ScanDestinyIs=spam:BOUNCE} → {@code Bounce}.
 *
 * <p>Condition (required): {@code category:DESTINY} with category {@code virus}, {@code banned} or {@code spam}.
 * BOUNCE and REJECT (REJECT behaves like BOUNCE once the mail is accepted) count as DISCARD when the sender is null
 * or, for spam, the score is above the policy's DSN cut-off — no backscatter. A spam destiny of QUARANTINE counts as
 * DISCARD when the score is at or above the policy's {@code quarantineCutoff} (amavis's
 * {@code $sa_quarantine_cutoff_level}); such a mail is logged once at INFO and counted ({@code spam.quarantineCutoff}).
 * Spam scores are each recipient's own (its spamd user's, see {@code policy.<name>.spamdUser}).
 */
public class ScanDestinyIs extends GenericMatcher {
    /** Set (to the policy name) on a mail whose spam quarantine was cut off, so it is logged and counted once. */
    public static final AttributeName QUARANTINE_CUTOFF = AttributeName.of("spoolgate.scan.quarantineCutoff");
    private static final Logger LOGGER = LoggerFactory.getLogger(ScanDestinyIs.class);
    private final ScanningServices services;
    private ScanCategory category;
    private Destiny destiny;

    /**
     * @param services shared scanning components (policies)
     */
    @Inject
    public ScanDestinyIs(ScanningServices services) {
        this.services = services;
    }

    @Override
    public void init() throws MessagingException {
        String condition = getCondition() == null ? "" : getCondition().strip();
        int colon = condition.indexOf(':');
        if (colon < 0) {
            throw new MessagingException("ScanDestinyIs needs category:DESTINY (e.g. virus:QUARANTINE), got '" + condition + "'");
        }
        try {
            category = ScanCategory.parse(condition.substring(0, colon));
            destiny = Destiny.parse(condition.substring(colon + 1), "ScanDestinyIs=" + condition);
        } catch (IllegalArgumentException e) {
            throw new MessagingException(e.getMessage(), e);
        }
        if (category != ScanCategory.VIRUS && category != ScanCategory.BANNED && category != ScanCategory.SPAM) {
            throw new MessagingException("ScanDestinyIs category must be virus, banned or spam, got '" + condition + "'");
        }
    }

    @Override
    public Collection<MailAddress> match(Mail mail) {
        return mail.getRecipients().stream().filter(r -> matches(mail, r)).toList();
    }

    private boolean matches(Mail mail, MailAddress recipient) {
        ThresholdPolicy policy = services.settings().policies().forRecipient(recipient.asString());
        if (ScanAttributes.category(mail, recipient, policy) != category) {
            return false;
        }
        return effective(mail, recipient, policy, policy.destinyFor(category)) == destiny;
    }

    private Destiny effective(Mail mail, MailAddress recipient, ThresholdPolicy policy, Destiny configured) {
        Optional<SpamVerdict> verdict = ScanAttributes.spamVerdict(mail, recipient);
        if (configured == Destiny.QUARANTINE && category == ScanCategory.SPAM && verdict.isPresent()
            && policy.beyondQuarantineCutoff(verdict.get().score())) {
            noteQuarantineCutoff(mail, policy, verdict.get().score());
            return Destiny.DISCARD;
        }
        if (configured != Destiny.BOUNCE && configured != Destiny.REJECT) {
            return configured;
        }
        if (mail.getMaybeSender().isNullSender()) {
            return Destiny.DISCARD;
        }
        if (category == ScanCategory.SPAM && verdict.isPresent() && verdict.get().score() > policy.dsnCutoff()) {
            return Destiny.DISCARD;
        }
        return Destiny.BOUNCE;
    }

    /** Logs and counts a cut-off once per mail, however many destiny matchers look at it. */
    private void noteQuarantineCutoff(Mail mail, ThresholdPolicy policy, double score) {
        if (mail.getAttribute(QUARANTINE_CUTOFF).isPresent()) {
            return;
        }
        mail.setAttribute(new Attribute(QUARANTINE_CUTOFF, AttributeValue.of(policy.name())));
        services.counters().increment("spam.quarantineCutoff");
        LOGGER.info("mail {} from {}: spam score {} at or above the quarantine cut-off {} of policy '{}': discarded, not quarantined",
            mail.getName(), mail.getMaybeSender().asString(), SpamHeaders.score(score),
            SpamHeaders.score(policy.quarantineCutoff().getAsDouble()), policy.name());
    }
}
