package io.spoolgate.matchers.scan;

import io.spoolgate.mailets.scan.ScanAttributes;
import java.util.Collection;
import java.util.List;
import org.apache.james.core.MailAddress;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMatcher;

/**
 * Matches every recipient of a mail carrying a banned file name (attribute {@code spoolgate.scan.banned}, set by
 * {@code ScanMail} from the {@code banned.*} rules of {@code scanning.properties}; cleared by
 * {@code RemoveBannedParts}). No condition.
 */
public class HasBannedAttachment extends GenericMatcher {
    @Override
    public Collection<MailAddress> match(Mail mail) {
        return mail.getAttribute(ScanAttributes.BANNED).isPresent() ? mail.getRecipients() : List.of();
    }
}
