package io.spoolgate.vmspool.bsmtp;

import io.spoolgate.vmspool.ebcdic.Cp1047;
import io.spoolgate.vmspool.format.RecordSink;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.List;

/**
 * Writes batch SMTP (BSMTP) as EBCDIC text records into a {@link RecordSink}: {@code HELO host} (once, before the
 * first transaction), then per {@link #write} call {@code MAIL FROM:<path>}, one {@code RCPT TO:<path>} per
 * recipient, {@code DATA}, the message lines and {@code .}; {@link #finish()} writes {@code QUIT}.
 *
 * <p>Message lines: the message octets are split at CRLF (a bare CR or LF is content), a line starting with {@code .}
 * gets another {@code .} (dot stuffing), an empty line is written as one blank {@code X'40'} (the CMS habit) and a
 * line of exactly one blank as a zero-length record (as the note codec does), so that both read back exactly — except
 * into a sink that pads records ({@link RecordSink#keepsLength()} false: punch cards), where a one-blank line can only
 * be written as one blank and reads back empty; other lines verbatim in CP1047 with their
 * full length (NETDATA records have no length limit; {@code PunchCardWriter} folds long ones). A message not ending
 * in CRLF has its last line ended. Lines are buffered one at a time, up to {@code maxLineBytes} (default 16 MiB);
 * a longer line is an IOException. Not thread-safe.
 */
public final class BsmtpWriter {

    /** Default cap on one message line. */
    public static final int DEFAULT_MAX_LINE_BYTES = 16 * 1024 * 1024;

    private final RecordSink sink;
    private final String heloName;
    private final int maxLineBytes;
    private final byte[] table = Cp1047.latin1ToEbcdicTable();
    private byte[] line = new byte[1024];
    private boolean heloSent;
    private boolean finished;

    /**
     * @param sink     receives the records
     * @param heloName the host name for HELO (Latin-1, no blanks or control characters)
     */
    public BsmtpWriter(RecordSink sink, String heloName) {
        this(sink, heloName, DEFAULT_MAX_LINE_BYTES);
    }

    /**
     * @param sink         receives the records
     * @param heloName     the host name for HELO
     * @param maxLineBytes longest message line accepted
     */
    public BsmtpWriter(RecordSink sink, String heloName, int maxLineBytes) {
        checkToken("HELO name", heloName, false);
        if (maxLineBytes < 80) {
            throw new IllegalArgumentException("maxLineBytes must be at least 80, was " + maxLineBytes);
        }
        this.sink = sink;
        this.heloName = heloName;
        this.maxLineBytes = maxLineBytes;
    }

    /**
     * Writes one transaction.
     *
     * @param mailFrom the reverse path without brackets, "" for {@code <>}
     * @param rcptTo   the recipients without brackets, at least one
     * @param message  the message octets (read to the end, not closed)
     * @throws IllegalArgumentException for a bad address (blank, control or non-Latin-1 characters, brackets)
     * @throws IOException              from the stream or the sink, or for a line longer than the cap
     */
    public void write(String mailFrom, List<String> rcptTo, InputStream message) throws IOException {
        if (finished) {
            throw new IllegalStateException("BsmtpWriter already finished (QUIT written)");
        }
        checkToken("MAIL FROM path", mailFrom, true);
        if (rcptTo.isEmpty()) {
            throw new IllegalArgumentException("at least one recipient is needed");
        }
        for (String r : rcptTo) {
            checkToken("RCPT TO path", r, false);
        }
        if (!heloSent) {
            command("HELO " + heloName);
            heloSent = true;
        }
        command("MAIL FROM:<" + mailFrom + ">");
        for (String r : rcptTo) {
            command("RCPT TO:<" + r + ">");
        }
        command("DATA");
        writeMessage(message);
        command(".");
    }

    /** Writes {@code QUIT} (once; later calls do nothing). The sink is not closed or flushed. */
    public void finish() throws IOException {
        if (!finished) {
            command("QUIT");
            finished = true;
        }
    }

    private void writeMessage(InputStream message) throws IOException {
        byte[] chunk = new byte[8192];
        int n = 0;
        boolean cr = false;
        int r;
        while ((r = message.read(chunk)) >= 0) {
            for (int i = 0; i < r; i++) {
                byte c = chunk[i];
                if (cr) {
                    cr = false;
                    if (c == '\n') {
                        emitLine(n);
                        n = 0;
                        continue;
                    }
                    n = put(n, (byte) '\r');
                }
                if (c == '\r') {
                    cr = true;
                } else {
                    n = put(n, c);
                }
            }
        }
        if (cr) {
            n = put(n, (byte) '\r');
        }
        if (n > 0) {
            emitLine(n);
        }
    }

    private int put(int n, byte latin1) throws IOException {
        if (n + 1 >= line.length) { // keep one spare byte for the stuffed dot
            if (n + 1 > maxLineBytes) {
                throw new IOException("message line longer than " + maxLineBytes + " bytes");
            }
            line = Arrays.copyOf(line, (int) Math.min(maxLineBytes + 1L, 2L * line.length));
        }
        line[n] = latin1;
        return n + 1;
    }

    private void emitLine(int n) throws IOException {
        if (n == 0) {
            line[0] = Cp1047.BLANK;
            sink.record(line, 0, 1);
            return;
        }
        if (n == 1 && line[0] == ' ' && sink.keepsLength()) {
            sink.record(line, 0, 0);
            return;
        }
        boolean stuff = line[0] == '.';
        for (int i = 0; i < n; i++) {
            line[i] = table[line[i] & 0xFF];
        }
        if (stuff) {
            System.arraycopy(line, 0, line, 1, n);
            line[0] = table['.'];
            n++;
        }
        sink.record(line, 0, n);
    }

    private void command(String text) throws IOException {
        byte[] b = Cp1047.encode(text);
        sink.record(b, 0, b.length);
    }

    private static void checkToken(String what, String value, boolean emptyAllowed) {
        if (value == null || (value.isEmpty() && !emptyAllowed)) {
            throw new IllegalArgumentException(what + " must not be empty");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            // C1 controls (0x80-0x9F) too: BsmtpReader refuses them in a path, so the file could not be read back
            if (c <= ' ' || c > 0xFF || c == '<' || c == '>' || c == 0x7F || (c >= 0x80 && c < 0xA0)) {
                throw new IllegalArgumentException(what + " '" + value + "' has a forbidden character (blank, control, bracket "
                        + "or non-Latin-1) at index " + i);
            }
        }
    }
}
