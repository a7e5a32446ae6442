package io.spoolgate.mailets.scan;

import io.spoolgate.scan.ScannerUnavailableException;
import io.spoolgate.scan.clamav.InfectedPartRemover;
import java.io.IOException;
import javax.inject.Inject;
import javax.mail.MessagingException;
import javax.mail.internet.MimeMessage;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMailet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The REMOVE virus destiny: rescans each MIME part of an infected mail with clamd, replaces the infected parts by a
 * notice naming the virus and, when the rest is clean, marks the mail {@code removed} (no longer matched by
 * {@code IsInfected}) so it is delivered. When removal is impossible (single-part message, virus not in a part,
 * clamd failure) the mail stays infected and the next rule (e.g. quarantine) applies. No parameters.
 */
public class RemoveInfectedParts extends GenericMailet {
    private static final Logger LOGGER = LoggerFactory.getLogger(RemoveInfectedParts.class);
    private final ScanningServices services;

    /**
     * @param services shared scanning components
     */
    @Inject
    public RemoveInfectedParts(ScanningServices services) {
        this.services = services;
    }

    @Override
    public void service(Mail mail) throws MessagingException {
        if (ScanAttributes.string(mail, ScanAttributes.VIRUS).filter("infected"::equals).isEmpty()) {
            return;
        }
        try {
            // work on a copy: when removal is incomplete the original must reach the quarantine unchanged
            MimeMessage copy = new MimeMessage(mail.getMessage());
            InfectedPartRemover.Outcome outcome = new InfectedPartRemover(services.settings().clamd()).remove(copy);
            if (outcome.complete()) {
                mail.setMessage(copy);
                ScanAttributes.set(mail, ScanAttributes.VIRUS, "removed");
                services.counters().increment("virus.removed");
                LOGGER.info("removed infected parts {} from mail {}", outcome.removed(), mail.getName());
            } else {
                LOGGER.info("cannot remove the infection from mail {}; its virus destiny applies", mail.getName());
            }
        } catch (ScannerUnavailableException e) {
            LOGGER.warn("clamd failed while removing infected parts of mail {}; it stays infected: {}", mail.getName(), e.getMessage());
        } catch (IOException e) {
            throw new MessagingException("cannot read mail " + mail.getName(), e);
        }
    }

    @Override
    public String getMailetInfo() {
        return "Spoolgate infected part removal";
    }
}
