package io.spoolgate.scan.mime;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Enumeration;
import java.util.List;
import java.util.Objects;
import javax.activation.DataHandler;
import javax.mail.Header;
import javax.mail.MessagingException;
import javax.mail.Session;
import javax.mail.internet.MimeBodyPart;
import javax.mail.internet.MimeMessage;
import javax.mail.internet.MimeMultipart;
import javax.mail.util.ByteArrayDataSource;

/**
 * Repackages a message amavis-style: a new {@code multipart/mixed} whose first part explains why and whose second
 * part is the untouched original as {@code message/rfc822} (byte for byte). The outer message keeps the original's
 * envelope-like headers (From, To, Cc, Date, Subject, Message-ID, Reply-To, In-Reply-To, References) and every
 * header whose name starts with one of {@code keptHeaderPrefixes} (e.g. {@code X-Spam-}).
 */
public final class Defanger {
    private static final List<String> KEPT = List.of("From", "To", "Cc", "Date", "Subject", "Message-ID", "Reply-To",
        "In-Reply-To", "References", "Sender", "Return-Path", "Received");
    private final List<String> keptHeaderPrefixes;

    /**
     * @param keptHeaderPrefixes header name prefixes also copied to the outer message
     */
    public Defanger(List<String> keptHeaderPrefixes) {
        this.keptHeaderPrefixes = List.copyOf(Objects.requireNonNull(keptHeaderPrefixes));
    }

    /**
     * @param original the message to wrap (not modified)
     * @param explanation the text of the first part
     * @return the new message
     * @throws MessagingException when the original cannot be read
     * @throws IOException when the original cannot be serialised
     */
    public MimeMessage defang(MimeMessage original, String explanation) throws MessagingException, IOException {
        ByteArrayOutputStream raw = new ByteArrayOutputStream(Math.max(1024, original.getSize()));
        original.writeTo(raw);

        MimeBodyPart text = new MimeBodyPart();
        text.setText(explanation, "UTF-8");
        text.setDisposition(MimeBodyPart.INLINE);

        MimeBodyPart attached = new MimeBodyPart();
        attached.setDataHandler(new DataHandler(new ByteArrayDataSource(raw.toByteArray(), "message/rfc822")));
        attached.setHeader("Content-Type", "message/rfc822");
        attached.setHeader("Content-Transfer-Encoding", "8bit");
        attached.setDisposition(MimeBodyPart.ATTACHMENT);
        attached.setFileName("original-message.eml");

        MimeMultipart mixed = new MimeMultipart("mixed");
        mixed.addBodyPart(text);
        mixed.addBodyPart(attached);

        MimeMessage wrapped = new IdKeepingMessage(Session.getDefaultInstance(new java.util.Properties()));
        Enumeration<Header> headers = original.getAllHeaders();
        while (headers.hasMoreElements()) {
            Header h = headers.nextElement();
            if (kept(h.getName())) {
                wrapped.addHeader(h.getName(), h.getValue());
            }
        }
        wrapped.setContent(mixed);
        wrapped.setHeader("MIME-Version", "1.0");
        wrapped.saveChanges();
        return wrapped;
    }

    /** Keeps the original Message-ID through every later saveChanges() (James saves again when spooling). */
    private static final class IdKeepingMessage extends MimeMessage {
        IdKeepingMessage(Session session) {
            super(session);
        }

        @Override
        protected void updateMessageID() throws MessagingException {
            if (getHeader("Message-ID") == null) {
                super.updateMessageID();
            }
        }
    }

    private boolean kept(String name) {
        for (String k : KEPT) {
            if (k.equalsIgnoreCase(name)) {
                return true;
            }
        }
        for (String p : keptHeaderPrefixes) {
            if (name.regionMatches(true, 0, p, 0, p.length())) {
                return true;
            }
        }
        return false;
    }
}
