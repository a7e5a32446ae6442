package io.spoolgate.matchers.scan;

import io.spoolgate.mailets.scan.ScanAttributes;
import io.spoolgate.mailets.scan.ScanningServices;
import io.spoolgate.scan.policy.Destiny;
import io.spoolgate.scan.policy.ScanCategory;
import io.spoolgate.scan.policy.ThresholdPolicy;
import io.spoolgate.scan.spamassassin.SpamVerdict;
import java.util.Collection;
import java.util.Optional;
import javax.inject.Inject;
import javax.mail.MessagingException;
import org.apache.james.core.MailAddress;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMatcher;

/**
 * Matches the recipients whose policy gives this mail the destiny named in the condition, for the mail's category
 * (amavis precedence: virus, banned, unchecked, spam). Compose destinies in {@code mailetcontainer.xml}, e.g.
 * {@code ScanDestinyIs=virus:QUARANTINE} → {@code ToRepository}, {@code ScanDestinyIs=spam:DISCARD} → {@code Null},
 * {@code ScanDestinyIs=spam:BOUNCE} → {@code Bounce}.
 *
 * <p>Condition (required): {@code category:DESTINY} with category {@code virus}, {@code banned} or {@code spam}.
 * BOUNCE and REJECT (REJECT behaves like BOUNCE once the mail is accepted) count as DISCARD when the sender is null
 * or, for spam, the score is above the policy's DSN cut-off — no backscatter.
 */
public class ScanDestinyIs extends GenericMatcher {
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
        if (ScanAttributes.category(mail, policy) != category) {
            return false;
        }
        return effective(mail, policy, policy.destinyFor(category)) == destiny;
    }

    private Destiny effective(Mail mail, ThresholdPolicy policy, Destiny configured) {
        if (configured != Destiny.BOUNCE && configured != Destiny.REJECT) {
            return configured;
        }
        if (mail.getMaybeSender().isNullSender()) {
            return Destiny.DISCARD;
        }
        Optional<SpamVerdict> verdict = ScanAttributes.spamVerdict(mail);
        if (category == ScanCategory.SPAM && verdict.isPresent() && verdict.get().score() > policy.dsnCutoff()) {
            return Destiny.DISCARD;
        }
        return Destiny.BOUNCE;
    }
}
