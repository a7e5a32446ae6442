package io.spoolgate.vmspool.spool;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
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
        Properties p = new Properties();
        p.setProperty("spoolid", Integer.toString(file.spoolId()));
        p.setProperty("owner", file.owner().value());
        p.setProperty("class", Character.toString(file.spoolClass()));
        p.setProperty("name", file.fileName());
        p.setProperty("type", file.fileType());
        p.setProperty("origin.userid", file.originUserid().value());
        p.setProperty("origin.node", file.originNode());
        p.setProperty("format", file.format().configName());
        p.setProperty("records", Long.toString(file.records()));
        p.setProperty("bytes", Long.toString(file.bytes()));
        p.setProperty("created", file.created().toString());
        p.setProperty("mail.key", file.mailKey());
        p.setProperty("mail.sender", file.sender());
        p.setProperty("mail.recipients", String.join(",", file.recipients()));
        Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
        p.store(w, "Spoolgate reader file attributes");
        w.flush();
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
