package io.spoolgate.mailets.scan;

import io.spoolgate.scan.policy.SpamHeaderScope;
import io.spoolgate.scan.policy.SpamHeaders;
import io.spoolgate.scan.policy.SpamLevel;
import io.spoolgate.scan.policy.ThresholdPolicy;
import io.spoolgate.scan.spamassassin.SpamVerdict;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import javax.inject.Inject;
import javax.mail.MessagingException;
import javax.mail.internet.MimeMessage;
import javax.mail.internet.MimeUtility;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMailet;

/**
 * Applies the tag and tag2 levels of the mail's policy (run it after {@link SplitByScanPolicy}, before local
 * delivery): from tag, adds {@code X-Spam-Flag}, {@code X-Spam-Score}, {@code X-Spam-Level}, {@code X-Spam-Status};
 * from tag2, also prefixes the subject with the policy's subject tag (not doubled) and, when the policy says
 * {@code defang}, repackages the original as a {@code message/rfc822} attachment of an explanatory message. Mail
 * whose scan was unchecked gets the {@code uncheckedTag} subject prefix instead. Kill-level destinies are applied by
 * matchers ({@code ScanDestinyIs}), not here.
 *
 * <p>With {@code spam.headers=local} in {@code scanning.properties} (the default, as amavis's {@code @local_domains})
 * only mail whose recipients are all in local domains ({@code MailetContext.isLocalServer}) is touched: mail relayed
 * elsewhere leaves without X-Spam-* headers, subject tag or defanging. {@link SplitByScanPolicy} separates local and
 * remote recipients first; a mail that mixes them (not split) is left untouched. {@code spam.headers=all} tags for
 * every recipient.
 *
 * <p>Parameters: {@code uncheckedTag} — subject prefix for unchecked mail (default {@code ***UNCHECKED*** }, empty =
 * none).
 */
public class TagSpam extends GenericMailet {
    private final ScanningServices services;
    private String uncheckedTag;

    /**
     * @param services shared scanning components
     */
    @Inject
    public TagSpam(ScanningServices services) {
        this.services = services;
    }

    @Override
    public void init() {
        uncheckedTag = getInitParameter("uncheckedTag", "***UNCHECKED*** ");
    }

    @Override
    public void service(Mail mail) throws MessagingException {
        if (services.settings().spamHeaders() == SpamHeaderScope.LOCAL && !allRecipientsLocal(mail)) {
            services.counters().increment("spam.headersSkippedRemote");
            return;
        }
        ThresholdPolicy policy = MailPolicy.of(mail, services.settings().policies());
        MimeMessage message = mail.getMessage();
        boolean unchecked = ScanAttributes.unchecked(mail);
        Optional<SpamVerdict> verdict = ScanAttributes.spamVerdict(mail);
        if (verdict.isEmpty()) {
            if (unchecked && !uncheckedTag.isEmpty()) {
                setSubject(message, SpamHeaders.tagSubject(message.getSubject(), uncheckedTag));
                message.saveChanges();
            }
            return;
        }
        Map<String, String> headers = SpamHeaders.of(verdict.get(), policy);
        if (headers.isEmpty()) {
            return;
        }
        SpamLevel level = policy.levelOf(verdict.get().score());
        boolean spammy = level.compareTo(SpamLevel.TAG2) >= 0;
        if (spammy && policy.defang()) {
            // wrap the message as received (no subject tag, no X-Spam-* yet): the attachment is the untouched original
            try {
                message = services.defanger().defang(message, explanation(verdict.get(), policy));
            } catch (IOException e) {
                throw new MessagingException("cannot defang mail " + mail.getName(), e);
            }
        }
        for (Map.Entry<String, String> h : headers.entrySet()) {
            message.setHeader(h.getKey(), MimeUtility.fold(h.getKey().length() + 2, h.getValue()));
        }
        if (spammy) {
            setSubject(message, SpamHeaders.tagSubject(message.getSubject(), policy.subjectTag()));
            services.counters().increment("spam.tag2");
        }
        message.saveChanges();
        if (message != mail.getMessage()) {
            mail.setMessage(message);
        }
    }

    private boolean allRecipientsLocal(Mail mail) {
        return mail.getRecipients().stream().allMatch(r -> getMailetContext().isLocalServer(r.getDomain()));
    }

    private static void setSubject(MimeMessage message, String subject) throws MessagingException {
        message.setSubject(subject, "UTF-8");
    }

    private static String explanation(SpamVerdict verdict, ThresholdPolicy policy) {
        return "This message was classified as probable spam (score " + SpamHeaders.score(verdict.score())
            + ", threshold " + SpamHeaders.score(policy.tag2()) + ").\r\n"
            + "The original message is attached, unchanged. Open it only if you trust its sender.\r\n\r\n"
            + "Rules that matched: " + String.join(", ", verdict.rules()) + "\r\n";
    }

    @Override
    public String getMailetInfo() {
        return "Spoolgate spam tagging and defanging";
    }
}
