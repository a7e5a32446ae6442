package io.spoolgate.mailets.scan;

import io.spoolgate.scan.banned.BannedPartFinder;
import io.spoolgate.scan.mime.PartReplacer;
import java.io.IOException;
import java.util.List;
import java.util.stream.Collectors;
import javax.inject.Inject;
import javax.mail.MessagingException;
import javax.mail.internet.MimeMessage;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMailet;

/**
 * Replaces every banned attachment (file-name rules, also inside zip archives) by a short text part saying what
 * was removed and why, then clears the banned verdict so the mail is delivered. A message that is itself one banned
 * part (not multipart) cannot be cleaned and keeps its verdict, so a following {@code ScanDestinyIs=banned:...}
 * rule applies. No parameters.
 */
public class RemoveBannedParts extends GenericMailet {
    private final ScanningServices services;

    /**
     * @param services shared scanning components
     */
    @Inject
    public RemoveBannedParts(ScanningServices services) {
        this.services = services;
    }

    @Override
    public void service(Mail mail) throws MessagingException {
        if (!mail.getMessage().isMimeType("multipart/*")) {
            return;
        }
        // change a private copy: James shares the parsed message between mail copies (copy on write only on setters)
        MimeMessage message = new MimeMessage(mail.getMessage());
        try {
            List<BannedPartFinder.BannedPart> parts = services.bannedPartFinder().find(message);
            if (parts.isEmpty()) {
                return;
            }
            for (BannedPartFinder.BannedPart part : parts) {
                String what = part.findings().stream().map(Object::toString).collect(Collectors.joining(", "));
                PartReplacer.replace(part.part(), "Spoolgate removed an attachment here: " + what
                    + ". Files of this kind are not accepted by this mail system; ask the sender to send it another way.\r\n");
                services.counters().increment("banned.removed");
            }
            message.saveChanges();
            mail.setMessage(message);
            mail.removeAttribute(ScanAttributes.BANNED);
        } catch (IOException e) {
            throw new MessagingException("cannot read the parts of mail " + mail.getName(), e);
        }
    }

    @Override
    public String getMailetInfo() {
        return "Spoolgate banned attachment removal";
    }
}
