package io.spoolgate.mailets.scan;

import io.spoolgate.scan.policy.SpamHeaderScope;
import io.spoolgate.scan.policy.ThresholdPolicy;
import io.spoolgate.scan.spamassassin.SpamVerdict;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import javax.inject.Inject;
import javax.mail.MessagingException;
import org.apache.james.lifecycle.api.LifecycleUtil;
import org.apache.james.queue.api.MailQueue;
import org.apache.james.queue.api.MailQueueFactory;
import org.apache.james.queue.api.MailQueueName;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.apache.james.core.MailAddress;
import org.apache.mailet.base.GenericMailet;

/**
 * Splits a mail whose recipients need different treatment (amavis's per-recipient splitting) so that each copy has
 * recipients that share: the same scan policy (policy bank), the same spam verdict (recipients with different spamd
 * users may score differently, see {@code policy.<name>.spamdUser}) and — with {@code spam.headers=local}, the
 * default — the same locality (recipients in a local domain get X-Spam-* headers, the others do not). Each copy then
 * gets its own tagging, defanging and destiny. The first group stays on this mail, the others are enqueued as copies
 * (scan attributes included, so they are not scanned again) into the spool queue at the current processor. Sets
 * attribute {@code spoolgate.scan.policy} to the policy name and, when the recipients had different verdicts, the
 * copy's spam verdict to its recipients' one.
 *
 * <p>Parameters: {@code queue} — queue for the copies (default {@code spool}).
 */
public class SplitByScanPolicy extends GenericMailet {
    /** The policy name of a split mail. */
    public static final AttributeName POLICY = AttributeName.of("spoolgate.scan.policy");
    private final ScanningServices services;
    private final MailQueueFactory<?> queues;
    private MailQueue queue;

    /**
     * @param services shared scanning components
     * @param queues James' queues
     */
    @Inject
    public SplitByScanPolicy(ScanningServices services, MailQueueFactory<?> queues) {
        this.services = services;
        this.queues = queues;
    }

    @Override
    public void init() {
        queue = queues.createQueue(MailQueueName.of(getInitParameter("queue", "spool")));
    }

    /**
     * What the recipients of one copy share.
     *
     * @param policy policy name
     * @param verdict spam verdict
     * @param local in a local domain (always true with {@code spam.headers=all}: locality does not matter then)
     */
    record Group(String policy, Optional<SpamVerdict> verdict, boolean local) {
    }

    /**
     * @param recipients recipients of a mail
     * @param key what a recipient's copy depends on
     * @return recipients grouped by key, in order of first appearance
     */
    static <K> Map<K, List<MailAddress>> group(Iterable<MailAddress> recipients, Function<MailAddress, K> key) {
        Map<K, List<MailAddress>> groups = new LinkedHashMap<>();
        for (MailAddress r : recipients) {
            groups.computeIfAbsent(key.apply(r), k -> new ArrayList<>()).add(r);
        }
        return groups;
    }

    private Group groupOf(Mail mail, MailAddress recipient) {
        ThresholdPolicy policy = services.settings().policies().forRecipient(recipient.asString());
        boolean local = services.settings().spamHeaders() == SpamHeaderScope.ALL
            || getMailetContext().isLocalServer(recipient.getDomain());
        return new Group(policy.name(), ScanAttributes.spamVerdict(mail, recipient), local);
    }

    @Override
    public void service(Mail mail) throws MessagingException {
        Map<Group, List<MailAddress>> groups = group(mail.getRecipients(), r -> groupOf(mail, r));
        boolean perRecipientVerdicts = mail.getAttribute(ScanAttributes.SPAM_VERDICTS).isPresent();
        boolean first = true;
        for (Map.Entry<Group, List<MailAddress>> group : groups.entrySet()) {
            if (first) {
                first = false;
                continue;
            }
            Mail copy = mail.duplicate();
            try {
                copy.setRecipients(group.getValue());
                copy.setState(mail.getState());
                assign(copy, group.getKey(), perRecipientVerdicts);
                queue.enQueue(copy);
                services.counters().increment("policy.split");
            } finally {
                LifecycleUtil.dispose(copy);
            }
        }
        if (!groups.isEmpty()) {
            Map.Entry<Group, List<MailAddress>> kept = groups.entrySet().iterator().next();
            mail.setRecipients(kept.getValue());
            assign(mail, kept.getKey(), perRecipientVerdicts);
        }
    }

    private static void assign(Mail mail, Group group, boolean perRecipientVerdicts) {
        mail.setAttribute(new Attribute(POLICY, AttributeValue.of(group.policy())));
        if (perRecipientVerdicts) {
            group.verdict().ifPresent(v -> ScanAttributes.setSpamVerdict(mail, v));
            mail.removeAttribute(ScanAttributes.SPAM_VERDICTS);
        }
    }

    @Override
    public String getMailetInfo() {
        return "Spoolgate split by scan policy, spam verdict and locality";
    }
}
