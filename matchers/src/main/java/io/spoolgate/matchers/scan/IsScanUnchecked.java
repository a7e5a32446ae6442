package io.spoolgate.matchers.scan;

import io.spoolgate.mailets.scan.ScanAttributes;
import java.util.Collection;
import java.util.List;
import org.apache.james.core.MailAddress;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMatcher;

/**
 * Matches every recipient of a mail that a scanner could not check (failOpen after a failure, or too large for
 * clamd with {@code tooLarge=unchecked}). Condition: none, or {@code virus} / {@code spam} to look at one scanner.
 */
public class IsScanUnchecked extends GenericMatcher {
    @Override
    public Collection<MailAddress> match(Mail mail) {
        String which = getCondition() == null ? "" : getCondition().strip();
        boolean virus = !which.equals("spam") && ScanAttributes.string(mail, ScanAttributes.VIRUS).filter("unchecked"::equals).isPresent();
        boolean spam = !which.equals("virus") && ScanAttributes.string(mail, ScanAttributes.SPAM).filter("unchecked"::equals).isPresent();
        return virus || spam ? mail.getRecipients() : List.of();
    }
}
