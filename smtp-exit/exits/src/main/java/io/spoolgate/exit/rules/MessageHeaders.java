package io.spoolgate.exit.rules;

import io.spoolgate.exit.MessageView;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The header fields of a message, read (at most {@link #MAX_HEADER_BYTES}) from the start of the message up to the
 * first empty line; folded lines are unfolded. Names compare case-insensitively.
 */
public final class MessageHeaders {
    /** How much of the message head is read at most. */
    public static final int MAX_HEADER_BYTES = 64 * 1024;

    private final List<String[]> fields;

    private MessageHeaders(List<String[]> fields) {
        this.fields = fields;
    }

    /** @param message the message @return its headers @throws IOException if it cannot be read */
    public static MessageHeaders read(MessageView message) throws IOException {
        try (InputStream in = message.open()) {
            return parse(head(in));
        }
    }

    /** @param text the header block (lines separated by CRLF or LF) @return the headers */
    public static MessageHeaders parse(String text) {
        List<String[]> fields = new ArrayList<>();
        String name = null;
        StringBuilder value = new StringBuilder();
        for (String line : text.split("\r?\n", -1)) {
            if (line.isEmpty()) {
                break;
            }
            if ((line.startsWith(" ") || line.startsWith("\t")) && name != null) {
                value.append(' ').append(line.trim());
                continue;
            }
            if (name != null) {
                fields.add(new String[] {name, value.toString()});
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                name = null;
                value.setLength(0);
                continue;
            }
            name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            value.setLength(0);
            value.append(line.substring(colon + 1).trim());
        }
        if (name != null) {
            fields.add(new String[] {name, value.toString()});
        }
        return new MessageHeaders(fields);
    }

    private static String head(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int previous = -1;
        int beforePrevious = -1;
        int b;
        while (out.size() < MAX_HEADER_BYTES && (b = in.read()) >= 0) {
            out.write(b);
            if (b == '\n' && (previous == '\n' || (previous == '\r' && beforePrevious == '\n'))) {
                break;
            }
            beforePrevious = previous;
            previous = b;
        }
        return out.toString(StandardCharsets.ISO_8859_1);
    }

    /** @param name a header name @return every value of that header, in order */
    public List<String> values(String name) {
        String key = name.toLowerCase(Locale.ROOT);
        List<String> values = new ArrayList<>();
        for (String[] field : fields) {
            if (field[0].equals(key)) {
                values.add(field[1]);
            }
        }
        return values;
    }
}
