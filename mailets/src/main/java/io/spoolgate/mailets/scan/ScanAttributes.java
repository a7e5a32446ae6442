package io.spoolgate.mailets.scan;

import io.spoolgate.scan.policy.ScanCategory;
import io.spoolgate.scan.policy.ThresholdPolicy;
import io.spoolgate.scan.spamassassin.RecipientVerdicts;
import io.spoolgate.scan.spamassassin.SpamVerdict;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.james.core.MailAddress;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;

/**
 * The mail attributes in which scan results travel from the scanning mailet (or SMTP handler) to the matchers and
 * later mailets. Values are plain strings and numbers so they survive queues and file repositories.
 */
public final class ScanAttributes {
    /** "clean", "infected", "removed" or "unchecked". */
    public static final AttributeName VIRUS = AttributeName.of("spoolgate.scan.virus");
    /** Comma-separated virus names. */
    public static final AttributeName VIRUS_NAMES = AttributeName.of("spoolgate.scan.virusNames");
    /** "scored", "unchecked" or "skipped" (too large). */
    public static final AttributeName SPAM = AttributeName.of("spoolgate.scan.spam");
    /** The SpamAssassin score (Double). */
    public static final AttributeName SPAM_SCORE = AttributeName.of("spoolgate.scan.spamScore");
    /** spamd's required score (Double). */
    public static final AttributeName SPAM_REQUIRED = AttributeName.of("spoolgate.scan.spamRequired");
    /** Comma-separated rule names. */
    public static final AttributeName SPAM_RULES = AttributeName.of("spoolgate.scan.spamRules");
    /**
     * Per-recipient verdicts when the recipients' spamd users differ ({@link RecipientVerdicts} text form); absent
     * when every recipient shares the mail's verdict. {@link SplitByScanPolicy} resolves it into one verdict per copy.
     */
    public static final AttributeName SPAM_VERDICTS = AttributeName.of("spoolgate.scan.spamVerdicts");
    /** Banned findings, "; "-separated; absent when nothing is banned. */
    public static final AttributeName BANNED = AttributeName.of("spoolgate.scan.banned");
    /** Deferrals so far (Integer). */
    public static final AttributeName ATTEMPTS = AttributeName.of("spoolgate.scan.attempts");
    /** Why the last scan failed. */
    public static final AttributeName FAILURE = AttributeName.of("spoolgate.scan.failure");
    /** Origin marker of mail from the VM spool (value "spool"), set by the intake. */
    public static final AttributeName ORIGIN = AttributeName.of("spoolgate.origin");

    private ScanAttributes() {
    }

    /**
     * @param mail a mail
     * @param name attribute
     * @return its string value
     */
    public static Optional<String> string(Mail mail, AttributeName name) {
        return mail.getAttribute(name).map(Attribute::getValue).map(AttributeValue::getValue)
            .filter(String.class::isInstance).map(String.class::cast);
    }

    /**
     * @param mail a mail
     * @param name attribute
     * @param value value
     */
    public static void set(Mail mail, AttributeName name, String value) {
        mail.setAttribute(new Attribute(name, AttributeValue.of(value)));
    }

    /** @return true when a virus verdict (of any kind) is recorded */
    public static boolean scanned(Mail mail) {
        return mail.getAttribute(VIRUS).isPresent() || mail.getAttribute(SPAM).isPresent();
    }

    /**
     * @param mail a mail
     * @return true when a scanner could not check it (fail-open after a failure, or too large for clamd)
     */
    public static boolean unchecked(Mail mail) {
        return string(mail, VIRUS).filter("unchecked"::equals).isPresent()
            || string(mail, SPAM).filter("unchecked"::equals).isPresent();
    }

    /**
     * @param mail a mail
     * @return the spam verdict, when spamd scored it
     */
    public static Optional<SpamVerdict> spamVerdict(Mail mail) {
        Optional<Double> score = mail.getAttribute(SPAM_SCORE).map(a -> a.getValue().getValue())
            .filter(Number.class::isInstance).map(n -> ((Number) n).doubleValue());
        if (score.isEmpty()) {
            return Optional.empty();
        }
        double required = mail.getAttribute(SPAM_REQUIRED).map(a -> a.getValue().getValue())
            .filter(Number.class::isInstance).map(n -> ((Number) n).doubleValue()).orElse(5.0);
        List<String> rules = string(mail, SPAM_RULES).filter(s -> !s.isBlank())
            .map(s -> Arrays.asList(s.split(","))).orElse(List.of());
        return Optional.of(new SpamVerdict(score.get(), required, rules));
    }

    /**
     * @param mail a mail
     * @param recipient one of its recipients
     * @return the spam verdict for that recipient (its spamd user's), else the mail's
     */
    public static Optional<SpamVerdict> spamVerdict(Mail mail, MailAddress recipient) {
        Optional<SpamVerdict> own = string(mail, SPAM_VERDICTS)
            .map(text -> RecipientVerdicts.decode(text).get(recipient.asString().toLowerCase(Locale.ROOT)));
        return own.isPresent() ? own : spamVerdict(mail);
    }

    /**
     * Records the verdicts of recipients whose spamd users differ.
     *
     * @param mail the mail
     * @param verdicts verdict per recipient address
     */
    public static void setRecipientVerdicts(Mail mail, Map<String, SpamVerdict> verdicts) {
        set(mail, SPAM_VERDICTS, RecipientVerdicts.encode(verdicts));
    }

    /**
     * Records a spam verdict.
     *
     * @param mail the mail
     * @param verdict spamd's verdict
     */
    public static void setSpamVerdict(Mail mail, SpamVerdict verdict) {
        set(mail, SPAM, "scored");
        mail.setAttribute(new Attribute(SPAM_SCORE, AttributeValue.of(verdict.score())));
        mail.setAttribute(new Attribute(SPAM_REQUIRED, AttributeValue.of(verdict.requiredScore())));
        set(mail, SPAM_RULES, String.join(",", verdict.rules()));
    }

    /**
     * The category of a mail for one recipient's policy, in amavis precedence.
     *
     * @param mail the mail
     * @param policy the recipient's policy
     * @return the category
     */
    public static ScanCategory category(Mail mail, ThresholdPolicy policy) {
        return category(mail, spamVerdict(mail), policy);
    }

    /**
     * The category of a mail for one recipient, with that recipient's own spam verdict.
     *
     * @param mail the mail
     * @param recipient the recipient
     * @param policy the recipient's policy
     * @return the category
     */
    public static ScanCategory category(Mail mail, MailAddress recipient, ThresholdPolicy policy) {
        return category(mail, spamVerdict(mail, recipient), policy);
    }

    private static ScanCategory category(Mail mail, Optional<SpamVerdict> verdict, ThresholdPolicy policy) {
        String virus = string(mail, VIRUS).orElse("");
        if (virus.equals("infected")) {
            return ScanCategory.VIRUS;
        }
        if (mail.getAttribute(BANNED).isPresent()) {
            return ScanCategory.BANNED;
        }
        if (unchecked(mail)) {
            return ScanCategory.UNCHECKED;
        }
        if (verdict.isPresent()) {
            switch (policy.levelOf(verdict.get().score())) {
                case KILL:
                    return ScanCategory.SPAM;
                case TAG2:
                    return ScanCategory.SPAMMY;
                default:
                    break;
            }
        }
        return ScanCategory.CLEAN;
    }
}
