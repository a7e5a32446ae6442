package io.spoolgate.vmspool.bsmtp;

import io.spoolgate.vmspool.ebcdic.Cp1047;
import io.spoolgate.vmspool.format.RecordSource;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Parses batch SMTP records (EBCDIC lines, from NETDATA or punch cards) into transactions, streaming each message to
 * a caller-supplied stream: {@link #next(OutputStream)} returns the envelope after the message has been written, so
 * no message is ever buffered whole.
 *
 * <p>Commands (case-insensitive; trailing blanks, e.g. card padding, ignored; blank command lines skipped):
 * {@code HELO}/{@code EHLO name}, {@code MAIL FROM:<path>} (optional blanks after the colon, ESMTP parameters after
 * the path ignored, {@code <>} allowed), {@code RCPT TO:<path>}, {@code DATA}, {@code RSET}, {@code NOOP},
 * {@code VERB}, {@code TICK} (BITNET mailers), {@code QUIT}. After QUIT nothing more is read and {@link #next}
 * returns null; a clean end of records outside a transaction also ends (QUIT is optional).
 *
 * <p>Message lines: a line of exactly {@code .} ends the message; a leading dot is removed (un-stuffing); a record of
 * one blank is an empty line, a zero-length record a line of one blank when the source keeps record lengths (NETDATA;
 * {@link RecordSource#keepsLength()}) and an empty line when it does not (punch cards, where a blank card reads as
 * zero length); every line is written as Latin-1 followed by CRLF, batched through an
 * 8 KiB buffer (a line longer than that is written in one piece).
 *
 * <p>Errors ({@link BsmtpException} with the 1-based record number): unknown command, RCPT without MAIL, DATA without
 * MAIL or without RCPT, MAIL inside a transaction, a malformed path, more than {@code maxRecipients} recipients
 * (default 1000), QUIT or end of records inside an unfinished transaction, missing {@code .} at the end of DATA.
 * Decode errors of the underlying source pass through unchanged. Not thread-safe.
 */
public final class BsmtpReader {

    /** Default cap on recipients per transaction. */
    public static final int DEFAULT_MAX_RECIPIENTS = 1000;

    private static final byte BLANK = 0x40;
    private static final byte[] ONE_BLANK = {BLANK};
    private static final int OUT_BUFFER = 8192;

    private final RecordSource source;
    private final int maxRecipients;
    private final byte[] table = Cp1047.ebcdicToLatin1Table();
    private final byte dot = Cp1047.toEbcdic('.');
    private long recordNumber;
    private String helo;
    private boolean quit;

    /** Reads from {@code source} with the default recipient cap. */
    public BsmtpReader(RecordSource source) {
        this(source, DEFAULT_MAX_RECIPIENTS);
    }

    /**
     * @param source        the records
     * @param maxRecipients largest number of RCPT TO per transaction
     */
    public BsmtpReader(RecordSource source, int maxRecipients) {
        if (maxRecipients < 1) {
            throw new IllegalArgumentException("maxRecipients must be positive, was " + maxRecipients);
        }
        this.source = source;
        this.maxRecipients = maxRecipients;
    }

    /**
     * Reads the next transaction, writing its un-dot-stuffed message to {@code messageOut} (not closed, not flushed).
     *
     * @return the envelope, or null after QUIT or at the end of the records
     * @throws BsmtpException for malformed BSMTP
     */
    public BsmtpTransaction next(OutputStream messageOut) throws IOException {
        if (quit) {
            return null;
        }
        String mailFrom = null;
        long mailRecord = 0;
        List<String> rcpts = new ArrayList<>();
        while (true) {
            byte[] r = source.nextRecord();
            if (r == null) {
                if (mailFrom != null) {
                    throw new BsmtpException("records end inside a transaction (MAIL FROM at record " + mailRecord
                            + " without DATA)", recordNumber + 1);
                }
                quit = true;
                return null;
            }
            recordNumber++;
            String line = Cp1047.decode(r).stripTrailing();
            String upper = line.toUpperCase(Locale.ROOT);
            if (line.isEmpty()) {
                continue;
            }
            String verb = upper.split(" ", 2)[0];
            if (verb.equals("HELO") || verb.equals("EHLO")) {
                helo = line.length() > 5 ? line.substring(5).strip() : "";
            } else if (upper.startsWith("MAIL FROM:")) {
                if (mailFrom != null) {
                    throw new BsmtpException("MAIL FROM inside a transaction (previous MAIL FROM at record " + mailRecord + ")", recordNumber);
                }
                mailFrom = path(line.substring(10), true);
                mailRecord = recordNumber;
            } else if (upper.startsWith("RCPT TO:")) {
                if (mailFrom == null) {
                    throw new BsmtpException("RCPT TO without MAIL FROM", recordNumber);
                }
                if (rcpts.size() == maxRecipients) {
                    throw new BsmtpException("more than " + maxRecipients + " recipients", recordNumber);
                }
                rcpts.add(path(line.substring(8), false));
            } else if (verb.equals("DATA") && upper.equals("DATA")) {
                if (mailFrom == null) {
                    throw new BsmtpException("DATA without MAIL FROM", recordNumber);
                }
                if (rcpts.isEmpty()) {
                    throw new BsmtpException("DATA without RCPT TO", recordNumber);
                }
                long bytes = copyMessage(messageOut);
                return new BsmtpTransaction(helo, mailFrom, rcpts, bytes, mailRecord);
            } else if (verb.equals("RSET") && upper.equals("RSET")) {
                mailFrom = null;
                rcpts.clear();
            } else if (verb.equals("NOOP") || verb.equals("VERB") || verb.equals("TICK")) {
                // no effect in batch mode
            } else if (verb.equals("QUIT") && upper.equals("QUIT")) {
                if (mailFrom != null) {
                    throw new BsmtpException("QUIT inside a transaction (MAIL FROM at record " + mailRecord + " without DATA)", recordNumber);
                }
                quit = true;
                return null;
            } else {
                throw new BsmtpException("unknown or malformed command '" + abbreviate(line) + "'", recordNumber);
            }
        }
    }

    /** @return the number of records read so far */
    public long recordNumber() {
        return recordNumber;
    }

    private long copyMessage(OutputStream out) throws IOException {
        long bytes = 0;
        final byte[] t = table;
        byte[] buf = new byte[OUT_BUFFER];
        int pos = 0;
        while (true) {
            byte[] r = source.nextRecord();
            if (r == null) {
                throw new BsmtpException("records end inside DATA: the terminating '.' line is missing", recordNumber + 1);
            }
            recordNumber++;
            int from = 0;
            int len = r.length;
            if (len > 0 && r[0] == dot) {
                int end = len;
                while (end > 1 && r[end - 1] == BLANK) {
                    end--;
                }
                if (end == 1) {
                    out.write(buf, 0, pos);
                    return bytes;
                }
                from = 1;
            }
            if (len == 1 && r[0] == BLANK) {
                len = 0;
            } else if (len == 0 && source.keepsLength()) {
                r = ONE_BLANK;
                len = 1;
            }
            int n = len - from;
            if (pos + n + 2 > buf.length) {
                out.write(buf, 0, pos);
                pos = 0;
                if (n + 2 > buf.length) {
                    buf = new byte[n + 2];
                }
            }
            for (int i = 0; i < n; i++) {
                buf[pos + i] = t[r[from + i] & 0xFF];
            }
            buf[pos + n] = '\r';
            buf[pos + n + 1] = '\n';
            pos += n + 2;
            bytes += n + 2;
        }
    }

    private String path(String rest, boolean emptyAllowed) throws BsmtpException {
        String s = rest.strip();
        String p;
        if (s.startsWith("<")) {
            int close = s.indexOf('>');
            if (close < 0) {
                throw new BsmtpException("path without closing '>': '" + abbreviate(s) + "'", recordNumber);
            }
            p = s.substring(1, close);
        } else {
            int sp = s.indexOf(' ');
            p = sp < 0 ? s : s.substring(0, sp);
        }
        if (p.isEmpty() && !emptyAllowed) {
            throw new BsmtpException("empty forward path", recordNumber);
        }
        for (int i = 0; i < p.length(); i++) {
            char c = p.charAt(i);
            if (c <= ' ' || c == '<' || c == 0x7F || (c >= 0x80 && c < 0xA0)) {
                throw new BsmtpException("path '" + abbreviate(p) + "' has a blank or control character at index " + i, recordNumber);
            }
        }
        return p;
    }

    /** @return at most 60 characters of {@code s}, control characters shown as '?' */
    private static String abbreviate(String s) {
        int n = Math.min(60, s.length());
        StringBuilder sb = new StringBuilder(n + 3);
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            sb.append(c < 0x20 || (c >= 0x7F && c < 0xA0) ? '?' : c);
        }
        return s.length() > n ? sb.append("...").toString() : sb.toString();
    }
}
