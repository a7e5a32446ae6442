package io.spoolgate.mailets.log;

import java.util.stream.Collectors;

import javax.mail.MessagingException;
import javax.mail.internet.MimeMessage;

import org.apache.james.core.MailAddress;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMailet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes one Exim-style line per mail to the {@code spoolgate.delivery} log, where the vmspool repository logs its
 * {@code =>} (punched), {@code ==} (deferred) and {@code **} (failed) lines and the intake its {@code <=} lines for
 * spool mail. The mail goes on unchanged.
 *
 * <p>Parameters:</p>
 * <ul>
 * <li>{@code event} (default {@code <=}): the flag the line starts with — {@code <=} for a received mail (put it first
 * in {@code root}), or e.g. {@code quarantine} / {@code discard} before the mailets that do so;</li>
 * <li>{@code reason} (default none): text added to the line ({@code reason=...}).</li>
 * </ul>
 * Line: {@code NAME <= SENDER H=HOST [ADDR] S=SIZE rcpts=N R=RCPT1,RCPT2... id=MESSAGE-ID} (at most 10 recipients are
 * named; {@code id=} only when the message has a Message-ID, its characters outside printable ASCII shown as {@code ?}).
 * With it the line says all that James's own per-mail INFO line of {@code SendMailHandler} ("Successfully spooled
 * mail") says, which the shipped {@code logback.xml} therefore turns off.
 */
public class DeliveryLog extends GenericMailet {

    private static final Logger LOG = LoggerFactory.getLogger("spoolgate.delivery");
    private static final int NAMED_RECIPIENTS = 10;
    private static final int LONGEST_ID = 250;

    private String event;
    private String reason;

    @Override
    public void init() throws MessagingException {
        event = getInitParameter("event", "<=").trim();
        reason = getInitParameter("reason", "").trim();
        if (event.isEmpty() || event.contains(" ")) {
            throw new MessagingException("DeliveryLog: event must be one word, like <= or quarantine, not '" + event + "'");
        }
    }

    @Override
    public void service(Mail mail) throws MessagingException {
        String rcpts = mail.getRecipients().stream().limit(NAMED_RECIPIENTS).map(MailAddress::asString)
            .collect(Collectors.joining(","));
        LOG.info("{} {} {} H={} [{}] S={} rcpts={} R={}{}{}", mail.getName(), event,
            mail.getMaybeSender().asString("<>"), mail.getRemoteHost(), mail.getRemoteAddr(), mail.getMessageSize(),
            mail.getRecipients().size(), rcpts, messageId(mail), reason.isEmpty() ? "" : " reason=" + reason);
    }

    /** {@code " id=<...>"}, or nothing when the mail has no message or no Message-ID (or it cannot be read). */
    private static String messageId(Mail mail) {
        String id;
        try {
            MimeMessage message = mail.getMessage();
            id = message == null ? null : message.getMessageID();
        } catch (MessagingException | RuntimeException unreadable) {
            return "";
        }
        if (id == null || id.isBlank()) {
            return "";
        }
        String trimmed = id.trim();
        StringBuilder shown = new StringBuilder(" id=");
        for (int i = 0; i < Math.min(trimmed.length(), LONGEST_ID); i++) {
            char c = trimmed.charAt(i);
            shown.append(c > ' ' && c < 0x7f ? c : '?');
        }
        return shown.toString();
    }

    @Override
    public String getMailetInfo() {
        return "Spoolgate delivery log line";
    }
}
