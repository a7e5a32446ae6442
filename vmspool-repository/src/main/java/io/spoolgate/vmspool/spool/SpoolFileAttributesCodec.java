package io.spoolgate.vmspool.spool;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;

/**
 * Reads and writes the attribute file kept beside each reader file by the directory backend ({@code NNNN.attrs}, a
 * UTF-8 properties file). Keys: {@code spoolid class name type origin.userid origin.node format records bytes created
 * mail.key mail.sender mail.recipients} (recipients comma-separated).
 */
final class SpoolFileAttributesCodec {

    private SpoolFileAttributesCodec() {
    }

    static void write(SpoolFile file, OutputStream out) throws IOException {
        StringBuilder text = new StringBuilder(512).append("#Spoolgate reader file attributes\n");
        line(text, "spoolid", Integer.toString(file.spoolId()));
        line(text, "owner", file.owner().value());
        line(text, "class", Character.toString(file.spoolClass()));
        line(text, "name", file.fileName());
        line(text, "type", file.fileType());
        line(text, "origin.userid", file.originUserid().value());
        line(text, "origin.node", file.originNode());
        line(text, "format", file.format().configName());
        line(text, "records", Long.toString(file.records()));
        line(text, "bytes", Long.toString(file.bytes()));
        line(text, "created", file.created().toString());
        line(text, "mail.key", file.mailKey());
        line(text, "mail.sender", file.sender());
        line(text, "mail.recipients", String.join(",", file.recipients()));
        out.write(text.toString().getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /**
     * One {@code key=value} line, escaped as {@link Properties#store(java.io.Writer, String)} escapes it, so that
     * {@link Properties#load(java.io.Reader)} reads back exactly the value (keys and values in a fixed order).
     */
    static void line(StringBuilder text, String key, String value) {
        escape(text, key, true);
        text.append('=');
        escape(text, value, false);
        text.append('\n');
    }

    private static void escape(StringBuilder text, String s, boolean key) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\' -> text.append("\\\\");
                case '\t' -> text.append("\\t");
                case '\n' -> text.append("\\n");
                case '\r' -> text.append("\\r");
                case '\f' -> text.append("\\f");
                case '=', ':', '#', '!' -> text.append('\\').append(c);
                case ' ' -> text.append(key || i == 0 ? "\\ " : " ");
                default -> text.append(c);
            }
        }
    }

    /** @throws IOException naming the missing or bad key */
    static SpoolFile read(VmUserid owner, int spoolId, InputStream in, String where) throws IOException {
        Properties p = new Properties();
        p.load(new java.io.InputStreamReader(in, StandardCharsets.UTF_8));
        try {
            String recipients = p.getProperty("mail.recipients", "");
            return new SpoolFile(owner, spoolId,
                required(p, "class", where).charAt(0),
                required(p, "name", where),
                required(p, "type", where),
                VmUserid.of(required(p, "origin.userid", where)),
                required(p, "origin.node", where),
                DeliveryFormat.parse(required(p, "format", where)),
                Long.parseLong(required(p, "records", where)),
                Long.parseLong(required(p, "bytes", where)),
                Instant.parse(required(p, "created", where)),
                required(p, "mail.key", where),
                p.getProperty("mail.sender", ""),
                recipients.isEmpty() ? List.of() : Arrays.asList(recipients.split(",")));
        } catch (IllegalArgumentException | DateTimeParseException | StringIndexOutOfBoundsException e) {
            throw new IOException(where + ": bad attribute file: " + e.getMessage(), e);
        }
    }

    private static String required(Properties p, String key, String where) throws IOException {
        String v = p.getProperty(key);
        if (v == null) {
            throw new IOException(where + ": attribute '" + key + "' missing");
        }
        return v;
    }
}
