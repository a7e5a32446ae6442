package io.spoolgate.matchers.scan;

import io.spoolgate.mailets.scan.ScanAttributes;
import java.util.Collection;
import java.util.List;
import org.apache.james.core.MailAddress;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMatcher;

/**
 * Matches every recipient of a mail in which clamd found a virus (attribute {@code spoolgate.scan.virus=infected},
 * set by {@code ScanMail} or the SMTP-time handler). No condition.
 */
public class IsInfected extends GenericMatcher {
    @Override
    public Collection<MailAddress> match(Mail mail) {
        return ScanAttributes.string(mail, ScanAttributes.VIRUS).filter("infected"::equals).isPresent()
            ? mail.getRecipients() : List.of();
    }
}
