package io.spoolgate.mailets.scan;

import io.spoolgate.scan.policy.ScanPolicies;
import io.spoolgate.scan.policy.ThresholdPolicy;
import org.apache.mailet.Mail;

/** The policy that applies to a whole mail: the split policy when set, else the first recipient's. */
final class MailPolicy {
    private MailPolicy() {
    }

    static ThresholdPolicy of(Mail mail, ScanPolicies policies) {
        return ScanAttributes.string(mail, SplitByScanPolicy.POLICY).map(policies::named)
            .orElseGet(() -> mail.getRecipients().stream().findFirst()
                .map(r -> policies.forRecipient(r.asString())).orElse(policies.defaultPolicy()));
    }
}
