package io.spoolgate.queue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;

import javax.mail.internet.AddressException;

import org.apache.james.core.MailAddress;
import org.apache.james.server.core.MailImpl;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.apache.mailet.PerRecipientHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A mail's envelope — everything James keeps beside the message: name, state, error message, sender, recipients,
 * remote host and address, last-updated time, attributes (strings, numbers and booleans as text, any other value in
 * James's own JSON form, so DSN parameters and the processing error count survive) and the per-recipient headers — as
 * bytes and back.
 *
 * <p>Attributes whose values James cannot serialise ({@code AttributeValue.ofUnserializable}) are left out with a
 * warning, as James's other durable queues do.</p>
 */
public final class EnvelopeCodec {

    private static final Logger LOGGER = LoggerFactory.getLogger(EnvelopeCodec.class);
    private static final int VERSION = 1;
    private static final char STRING = 'S';
    private static final char INTEGER = 'I';
    private static final char LONG = 'L';
    private static final char BOOLEAN = 'B';
    private static final char JSON = 'J';

    private EnvelopeCodec() {
    }

    /** What the queue keeps in memory about a waiting mail, for browsing and removal by sender or recipient. */
    public record Summary(String name, String sender, List<String> recipients) {
    }

    public static byte[] encode(Mail mail) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeByte(VERSION);
        writeString(out, mail.getName());
        writeString(out, mail.getState());
        writeString(out, mail.getErrorMessage());
        writeString(out, mail.getMaybeSender().asOptional().map(MailAddress::asString).orElse(null));
        out.writeInt(mail.getRecipients().size());
        for (MailAddress recipient : mail.getRecipients()) {
            writeString(out, recipient.asString());
        }
        writeString(out, mail.getRemoteHost());
        writeString(out, mail.getRemoteAddr());
        Date lastUpdated = mail.getLastUpdated();
        out.writeLong(lastUpdated == null ? Long.MIN_VALUE : lastUpdated.getTime());
        List<Attribute> attributes = new ArrayList<>();
        List<String> values = new ArrayList<>();
        List<Character> kinds = new ArrayList<>();
        mail.attributes().forEach(attribute -> {
            Object value = attribute.getValue().value();
            char kind = kindOf(value);
            Optional<String> text = kind == JSON ? attribute.getValue().toJson().map(Object::toString)
                : Optional.of(String.valueOf(value));
            if (text.isPresent()) {
                attributes.add(attribute);
                values.add(text.get());
                kinds.add(kind);
            } else {
                LOGGER.warn("SGQ020W attribute {} of mail {} cannot be serialised and is not kept in the queue",
                    attribute.getName().asString(), mail.getName());
            }
        });
        out.writeInt(attributes.size());
        for (int i = 0; i < attributes.size(); i++) {
            writeString(out, attributes.get(i).getName().asString());
            out.writeByte(kinds.get(i));
            writeString(out, values.get(i));
        }
        PerRecipientHeaders headers = mail.getPerRecipientSpecificHeaders();
        List<String[]> rows = new ArrayList<>();
        for (MailAddress recipient : headers.getRecipientsWithSpecificHeaders()) {
            for (PerRecipientHeaders.Header header : headers.getHeadersForRecipient(recipient)) {
                rows.add(new String[] {recipient.asString(), header.getName(), header.getValue()});
            }
        }
        out.writeInt(rows.size());
        for (String[] row : rows) {
            writeString(out, row[0]);
            writeString(out, row[1]);
            writeString(out, row[2]);
        }
        out.flush();
        return bytes.toByteArray();
    }

    /** A mail without its message. */
    public static MailImpl decode(byte[] envelope) throws IOException {
        DataInputStream in = open(envelope);
        Head head = readHead(in);
        try {
            List<MailAddress> recipients = new ArrayList<>(head.recipients().size());
            for (String recipient : head.recipients()) {
                recipients.add(new MailAddress(recipient));
            }
            String remoteHost = readString(in);
            String remoteAddr = readString(in);
            long lastUpdated = in.readLong();
            MailImpl.Builder builder = MailImpl.builder().name(head.name()).addRecipients(recipients);
            if (head.sender() != null) {
                builder.sender(new MailAddress(head.sender()));
            }
            if (head.state() != null) {
                builder.state(head.state());
            }
            if (head.errorMessage() != null) {
                builder.errorMessage(head.errorMessage());
            }
            if (remoteHost != null) {
                builder.remoteHost(remoteHost);
            }
            if (remoteAddr != null) {
                builder.remoteAddr(remoteAddr);
            }
            if (lastUpdated != Long.MIN_VALUE) {
                builder.lastUpdated(new Date(lastUpdated));
            }
            int attributeCount = in.readInt();
            for (int i = 0; i < attributeCount; i++) {
                String attributeName = readString(in);
                char kind = (char) in.readUnsignedByte();
                String text = readString(in);
                builder.addAttribute(new Attribute(AttributeName.of(attributeName), valueOf(kind, text)));
            }
            int headerCount = in.readInt();
            for (int i = 0; i < headerCount; i++) {
                MailAddress recipient = new MailAddress(readString(in));
                String headerName = readString(in);
                String headerValue = readString(in);
                builder.addHeaderForRecipient(PerRecipientHeaders.Header.builder().name(headerName).value(headerValue)
                    .build(), recipient);
            }
            return builder.build();
        } catch (AddressException e) {
            throw new IOException("queue envelope holds a bad address: " + e.getMessage(), e);
        }
    }

    /** Name, sender and recipients only (start-up, without decoding attributes). */
    public static Summary summary(byte[] envelope) throws IOException {
        Head head = readHead(open(envelope));
        return new Summary(head.name(), head.sender(), head.recipients());
    }

    /** The fields every envelope starts with, in the order {@link #encode} writes them. */
    private record Head(String name, String state, String errorMessage, String sender, List<String> recipients) {
    }

    private static DataInputStream open(byte[] envelope) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(envelope));
        int version = in.readUnsignedByte();
        if (version != VERSION) {
            throw new IOException("unknown queue envelope version " + version);
        }
        return in;
    }

    private static Head readHead(DataInputStream in) throws IOException {
        String name = readString(in);
        String state = readString(in);
        String errorMessage = readString(in);
        String sender = readString(in);
        int recipientCount = in.readInt();
        List<String> recipients = new ArrayList<>(recipientCount);
        for (int i = 0; i < recipientCount; i++) {
            recipients.add(readString(in));
        }
        return new Head(name, state, errorMessage, sender, List.copyOf(recipients));
    }

    public static Summary summary(Mail mail) {
        return new Summary(mail.getName(), mail.getMaybeSender().asOptional().map(MailAddress::asString).orElse(null),
            mail.getRecipients().stream().map(MailAddress::asString).toList());
    }

    /**
     * Strings, integers, longs and booleans (most of what James and Spoolgate put on a mail) are kept as text; any
     * other value as James's JSON form of it.
     */
    private static char kindOf(Object value) {
        if (value instanceof String) {
            return STRING;
        }
        if (value instanceof Integer) {
            return INTEGER;
        }
        if (value instanceof Long) {
            return LONG;
        }
        if (value instanceof Boolean) {
            return BOOLEAN;
        }
        return JSON;
    }

    private static AttributeValue<?> valueOf(char kind, String text) throws IOException {
        try {
            return switch (kind) {
                case STRING -> AttributeValue.of(text);
                case INTEGER -> AttributeValue.of(Integer.valueOf(text));
                case LONG -> AttributeValue.of(Long.valueOf(text));
                case BOOLEAN -> AttributeValue.of(Boolean.valueOf(text));
                case JSON -> AttributeValue.fromJsonString(text);
                default -> throw new IOException("unknown attribute kind '" + kind + "' in a queue envelope");
            };
        } catch (NumberFormatException e) {
            throw new IOException("bad attribute value in a queue envelope: " + e.getMessage(), e);
        }
    }

    private static void writeString(DataOutputStream out, String value) throws IOException {
        if (value == null) {
            out.writeInt(-1);
            return;
        }
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    private static String readString(DataInputStream in) throws IOException {
        int length = in.readInt();
        if (length < 0) {
            return null;
        }
        if (length > in.available()) {
            throw new IOException("queue envelope string of " + length + " bytes runs past the envelope");
        }
        byte[] bytes = new byte[length];
        in.readFully(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
