package io.spoolgate.scan.spamassassin;

import io.spoolgate.scan.ScannerUnavailableException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A parsed spamd answer: status line, headers and (bounded) body.
 *
 * @param code spamd's status code (0 = EX_OK)
 * @param message the status text
 * @param headers header names in lower case
 * @param body the body, as text
 */
record SpamdResponse(int code, String message, Map<String, String> headers, String body) {
    private static final int MAX_LINE = 8192;
    private static final int MAX_BODY = 256 * 1024;

    static SpamdResponse read(InputStream in, String where) throws IOException {
        String status = readLine(in);
        if (status == null) {
            throw new ScannerUnavailableException("spamd at " + where + " closed the connection without answering");
        }
        String[] parts = status.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("SPAMD/")) {
            throw new ScannerUnavailableException("spamd at " + where + " sent a bad status line '" + status + "'");
        }
        int code;
        try {
            code = Integer.parseInt(parts[1]);
        } catch (NumberFormatException e) {
            throw new ScannerUnavailableException("spamd at " + where + " sent a bad status code in '" + status + "'");
        }
        Map<String, String> headers = new LinkedHashMap<>();
        String line;
        while ((line = readLine(in)) != null && !line.isEmpty()) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                headers.put(line.substring(0, colon).strip().toLowerCase(Locale.ROOT), line.substring(colon + 1).strip());
            }
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        byte[] buf = new byte[4096];
        int n;
        while ((n = in.read(buf)) > 0) {
            if (body.size() + n > MAX_BODY) {
                throw new ScannerUnavailableException("spamd at " + where + " sent more than " + MAX_BODY + " bytes of body");
            }
            body.write(buf, 0, n);
        }
        return new SpamdResponse(code, parts.length > 2 ? parts[2] : "", headers, body.toString(StandardCharsets.UTF_8));
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(80);
        int b;
        while ((b = in.read()) >= 0) {
            if (b == '\n') {
                break;
            }
            if (line.size() >= MAX_LINE) {
                throw new IOException("spamd line longer than " + MAX_LINE + " bytes");
            }
            line.write(b);
        }
        if (b < 0 && line.size() == 0) {
            return null;
        }
        String s = line.toString(StandardCharsets.UTF_8);
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
    }

    /**
     * Parses {@code Spam: True ; 1005.2 / 5.0}.
     */
    SpamVerdict verdict(String where) throws ScannerUnavailableException {
        String spam = headers.get("spam");
        if (spam == null) {
            throw new ScannerUnavailableException("spamd at " + where + " answered without a Spam: header");
        }
        int semicolon = spam.indexOf(';');
        int slash = spam.indexOf('/', semicolon + 1);
        if (semicolon < 0 || slash < 0) {
            throw new ScannerUnavailableException("spamd at " + where + " sent a bad Spam: header '" + spam + "'");
        }
        try {
            double score = Double.parseDouble(spam.substring(semicolon + 1, slash).strip());
            double required = Double.parseDouble(spam.substring(slash + 1).strip());
            List<String> rules = new ArrayList<>();
            for (String rule : body.split(",")) {
                if (!rule.isBlank()) {
                    rules.add(rule.strip());
                }
            }
            return new SpamVerdict(score, required, rules);
        } catch (NumberFormatException e) {
            throw new ScannerUnavailableException("spamd at " + where + " sent a bad score in '" + spam + "'");
        }
    }
}
