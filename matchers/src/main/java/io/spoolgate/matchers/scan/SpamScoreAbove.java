package io.spoolgate.matchers.scan;

import io.spoolgate.mailets.scan.ScanAttributes;
import io.spoolgate.mailets.scan.ScanningServices;
import io.spoolgate.scan.policy.SpamLevel;
import java.util.Collection;
import java.util.Locale;
import javax.inject.Inject;
import javax.mail.MessagingException;
import org.apache.james.core.MailAddress;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMatcher;

/**
 * Matches the recipients for whom the mail's SpamAssassin score is at or above a threshold.
 *
 * <p>Condition (required): a number ({@code SpamScoreAbove=5.0}, the same for everyone) or a level name
 * {@code tag}, {@code tag2} or {@code kill}, looked up in each recipient's own policy — a mail whose recipients
 * disagree is split by the mailet container, each part getting its own treatment. Each recipient's own score is used
 * (its spamd user's, see {@code policy.<name>.spamdUser}). Mail without a score never matches.
 */
public class SpamScoreAbove extends GenericMatcher {
    private final ScanningServices services;
    private Double fixed;
    private SpamLevel level;

    /**
     * @param services shared scanning components (policies)
     */
    @Inject
    public SpamScoreAbove(ScanningServices services) {
        this.services = services;
    }

    @Override
    public void init() throws MessagingException {
        String condition = getCondition() == null ? "" : getCondition().strip();
        switch (condition.toLowerCase(Locale.ROOT)) {
            case "tag" -> level = SpamLevel.TAG;
            case "tag2" -> level = SpamLevel.TAG2;
            case "kill" -> level = SpamLevel.KILL;
            default -> {
                try {
                    fixed = Double.parseDouble(condition);
                } catch (NumberFormatException e) {
                    throw new MessagingException("SpamScoreAbove needs a number or tag|tag2|kill, got '" + condition + "'");
                }
            }
        }
    }

    @Override
    public Collection<MailAddress> match(Mail mail) {
        return mail.getRecipients().stream().filter(r -> ScanAttributes.spamVerdict(mail, r)
            .filter(v -> v.score() >= threshold(r)).isPresent()).toList();
    }

    private double threshold(MailAddress recipient) {
        return fixed != null ? fixed : services.settings().policies().forRecipient(recipient.asString()).threshold(level);
    }
}
