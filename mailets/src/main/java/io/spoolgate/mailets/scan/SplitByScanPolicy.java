package io.spoolgate.mailets.scan;

import io.spoolgate.scan.policy.ScanPolicies;
import io.spoolgate.scan.policy.ThresholdPolicy;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 * Splits a mail whose recipients fall under different scan policies (amavis's policy banks) so that each copy has
 * recipients of one policy only; each copy then gets its own tagging, defanging and destiny. The first group stays on
 * this mail, the others are enqueued as copies (scan attributes included, so they are not scanned again) into the
 * spool queue at the current processor. Sets attribute {@code spoolgate.scan.policy} to the policy name.
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
     * @param policies the policies
     * @param recipients recipients of a mail
     * @return recipients grouped by policy name, in order of first appearance
     */
    static Map<String, List<MailAddress>> group(ScanPolicies policies, Iterable<MailAddress> recipients) {
        Map<String, List<MailAddress>> groups = new LinkedHashMap<>();
        for (MailAddress r : recipients) {
            ThresholdPolicy p = policies.forRecipient(r.asString());
            groups.computeIfAbsent(p.name(), k -> new ArrayList<>()).add(r);
        }
        return groups;
    }

    @Override
    public void service(Mail mail) throws MessagingException {
        Map<String, List<MailAddress>> groups = group(services.settings().policies(), mail.getRecipients());
        boolean first = true;
        for (Map.Entry<String, List<MailAddress>> group : groups.entrySet()) {
            if (first) {
                first = false;
                continue;
            }
            Mail copy = mail.duplicate();
            try {
                copy.setRecipients(group.getValue());
                copy.setState(mail.getState());
                copy.setAttribute(new Attribute(POLICY, AttributeValue.of(group.getKey())));
                queue.enQueue(copy);
                services.counters().increment("policy.split");
            } finally {
                LifecycleUtil.dispose(copy);
            }
        }
        if (!groups.isEmpty()) {
            Map.Entry<String, List<MailAddress>> kept = groups.entrySet().iterator().next();
            mail.setRecipients(kept.getValue());
            mail.setAttribute(new Attribute(POLICY, AttributeValue.of(kept.getKey())));
        }
    }

    @Override
    public String getMailetInfo() {
        return "Spoolgate split by scan policy";
    }
}
