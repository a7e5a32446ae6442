package io.spoolgate.scan.banned;

import java.io.UnsupportedEncodingException;
import java.util.LinkedHashSet;
import java.util.Set;
import javax.mail.MessagingException;
import javax.mail.Part;
import javax.mail.internet.ContentDisposition;
import javax.mail.internet.ContentType;
import javax.mail.internet.MimeUtility;
import javax.mail.internet.ParseException;

/**
 * The file names a MIME part declares: Content-Disposition {@code filename} and Content-Type {@code name}, with
 * RFC 2231 parameters (continuations and charsets) and RFC 2047 encoded words decoded.
 */
public final class PartFileNames {
    private PartFileNames() {
    }

    /**
     * @param part a MIME part
     * @return every distinct declared name, decoded; empty when none
     * @throws MessagingException when the headers cannot be read
     */
    public static Set<String> of(Part part) throws MessagingException {
        Set<String> names = new LinkedHashSet<>();
        String[] disposition = part.getHeader("Content-Disposition");
        if (disposition != null && disposition.length > 0) {
            try {
                add(names, new ContentDisposition(disposition[0]).getParameter("filename"));
            } catch (ParseException e) {
                addRaw(names, disposition[0], "filename");
            }
        }
        String[] type = part.getHeader("Content-Type");
        if (type != null && type.length > 0) {
            try {
                add(names, new ContentType(type[0]).getParameter("name"));
            } catch (ParseException e) {
                addRaw(names, type[0], "name");
            }
        }
        return names;
    }

    private static void add(Set<String> names, String value) {
        if (value == null || value.isBlank()) {
            return;
        }
        names.add(decodeWords(value));
    }

    /** A header too broken for the parser: still look for the parameter, so that malformed names are not a way around the rules. */
    private static void addRaw(Set<String> names, String header, String parameter) {
        String lower = header.toLowerCase(java.util.Locale.ROOT);
        int i = lower.indexOf(parameter + "=");
        if (i >= 0) {
            String v = header.substring(i + parameter.length() + 1).strip();
            int end = v.indexOf(';');
            v = (end >= 0 ? v.substring(0, end) : v).replace("\"", "").strip();
            add(names, v);
        }
    }

    private static String decodeWords(String value) {
        if (!value.contains("=?")) {
            return value;
        }
        try {
            return MimeUtility.decodeText(value);
        } catch (UnsupportedEncodingException e) {
            return value;
        }
    }
}
