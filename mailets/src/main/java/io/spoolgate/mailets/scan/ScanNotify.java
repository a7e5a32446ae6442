package io.spoolgate.mailets.scan;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.mail.MessagingException;
import javax.mail.Session;
import javax.mail.internet.AddressException;
import javax.mail.internet.InternetAddress;
import javax.mail.internet.MimeMessage;
import org.apache.mailet.Mail;
import org.apache.james.core.MailAddress;
import org.apache.mailet.base.GenericMailet;

/**
 * Sends amavis-style notices about a virus, banned or spam mail: to an administrator (on by default), to the
 * recipients and to the sender (both off by default: senders of viruses and spam are usually forged, and notices to
 * them are backscatter). The notice names the category, the virus or banned files or the score, and the original
 * envelope and subject; it never contains the offending content. The mail itself is left untouched.
 *
 * <p>Parameters:
 * <ul>
 *   <li>{@code category} — {@code virus}, {@code banned} or {@code spam} (required)</li>
 *   <li>{@code notifyAdmin} — default true; {@code admin} — address (default the postmaster)</li>
 *   <li>{@code notifyRecipients} — default false</li>
 *   <li>{@code notifySender} — default false (never for a null sender)</li>
 * </ul>
 */
public class ScanNotify extends GenericMailet {
    private String category;
    private boolean notifyAdmin;
    private boolean notifyRecipients;
    private boolean notifySender;
    private MailAddress admin;

    @Override
    public void init() throws MessagingException {
        category = getInitParameter("category", "").strip().toLowerCase(Locale.ROOT);
        if (!List.of("virus", "banned", "spam").contains(category)) {
            throw new MessagingException("ScanNotify category must be virus, banned or spam, got '" + category + "'");
        }
        notifyAdmin = getInitParameter("notifyAdmin", true);
        notifyRecipients = getInitParameter("notifyRecipients", false);
        notifySender = getInitParameter("notifySender", false);
        String adminParam = getInitParameter("admin");
        admin = adminParam == null || adminParam.isBlank() ? getMailetContext().getPostmaster() : new MailAddress(adminParam.strip());
    }

    @Override
    public void service(Mail mail) throws MessagingException {
        List<MailAddress> to = new ArrayList<>();
        if (notifyAdmin && admin != null) {
            to.add(admin);
        }
        if (notifyRecipients) {
            to.addAll(mail.getRecipients());
        }
        if (notifySender) {
            mail.getMaybeSender().asOptional().ifPresent(to::add);
        }
        if (to.isEmpty()) {
            return;
        }
        MimeMessage notice = new MimeMessage(Session.getDefaultInstance(new java.util.Properties()));
        MailAddress from = getMailetContext().getPostmaster();
        try {
            notice.setFrom(new InternetAddress(from.asString()));
        } catch (AddressException e) {
            throw new MessagingException("bad postmaster address " + from, e);
        }
        for (MailAddress a : to) {
            notice.addRecipient(javax.mail.Message.RecipientType.TO, new InternetAddress(a.asString()));
        }
        notice.setSubject(subject(), "UTF-8");
        notice.setText(body(mail), "UTF-8");
        notice.setHeader("Auto-Submitted", "auto-generated");
        notice.saveChanges();
        getMailetContext().sendMail(null, to, notice);
    }

    private String subject() {
        return switch (category) {
            case "virus" -> "VIRUS in mail (Spoolgate notice)";
            case "banned" -> "BANNED attachment in mail (Spoolgate notice)";
            default -> "SPAM held (Spoolgate notice)";
        };
    }

    private String body(Mail mail) throws MessagingException {
        StringBuilder b = new StringBuilder();
        switch (category) {
            case "virus" -> b.append("A mail containing a virus was intercepted: ")
                .append(ScanAttributes.string(mail, ScanAttributes.VIRUS_NAMES).orElse("unknown")).append("\r\n");
            case "banned" -> b.append("A mail with a banned attachment was intercepted: ")
                .append(ScanAttributes.string(mail, ScanAttributes.BANNED).orElse("unknown")).append("\r\n");
            default -> b.append("A mail classified as spam was intercepted, score ")
                .append(ScanAttributes.spamVerdict(mail).map(v -> String.format(Locale.ROOT, "%.3f", v.score())).orElse("?"))
                .append("\r\n");
        }
        b.append("\r\nSender:     ").append(mail.getMaybeSender().asString("<>"))
            .append("\r\nRecipients: ").append(mail.getRecipients())
            .append("\r\nSubject:    ").append(String.valueOf(mail.getMessage().getSubject()))
            .append("\r\nMessage-ID: ").append(String.valueOf(mail.getMessage().getMessageID()))
            .append("\r\nMail name:  ").append(mail.getName())
            .append("\r\nState:      ").append(mail.getState()).append("\r\n");
        return b.toString();
    }

    @Override
    public String getMailetInfo() {
        return "Spoolgate scan notifications";
    }
}
