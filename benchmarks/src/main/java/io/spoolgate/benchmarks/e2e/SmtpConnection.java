package io.spoolgate.benchmarks.e2e;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * One plain SMTP connection (no pipelining, no TLS): every command waits for its reply and every reply code is
 * checked. Replies are read with a bounded line length so a misbehaving server cannot make the client grow without end.
 */
final class SmtpConnection implements AutoCloseable {

    private static final int MAX_REPLY_LINE = 4096;
    private static final int MAX_REPLY_LINES = 100;

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    SmtpConnection(String host, int port) throws IOException {
        socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.connect(new InetSocketAddress(host, port), 10_000);
        socket.setSoTimeout(120_000);
        in = new BufferedInputStream(socket.getInputStream(), 8192);
        out = new BufferedOutputStream(socket.getOutputStream(), 64 * 1024);
        expect(220, readReply(), "greeting");
        expect(250, command("EHLO load.test"), "EHLO");
    }

    /**
     * Sends one transaction.
     *
     * @throws SmtpReplyException when any reply is not the expected one (the connection is then unusable)
     */
    void send(String from, List<String> to, byte[] message) throws IOException {
        expect(250, command("MAIL FROM:<" + from + ">"), "MAIL FROM");
        for (String rcpt : to) {
            expect(250, command("RCPT TO:<" + rcpt + ">"), "RCPT TO");
        }
        expect(354, command("DATA"), "DATA");
        out.write(message);
        out.write(".\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        expect(250, readReply(), "end of DATA");
    }

    /** Keeps an idle connection alive. */
    void noop() throws IOException {
        expect(250, command("NOOP"), "NOOP");
    }

    private String command(String line) throws IOException {
        out.write(line.getBytes(StandardCharsets.US_ASCII));
        out.write('\r');
        out.write('\n');
        out.flush();
        return readReply();
    }

    private String readReply() throws IOException {
        StringBuilder all = new StringBuilder();
        for (int n = 0; n < MAX_REPLY_LINES; n++) {
            String line = readLine();
            all.append(line).append('\n');
            if (line.length() < 4 || line.charAt(3) != '-') {
                return all.toString();
            }
        }
        throw new IOException("reply longer than " + MAX_REPLY_LINES + " lines");
    }

    private String readLine() throws IOException {
        StringBuilder b = new StringBuilder(64);
        for (int c; (c = in.read()) != -1; ) {
            if (c == '\n') {
                int len = b.length();
                return len > 0 && b.charAt(len - 1) == '\r' ? b.substring(0, len - 1) : b.toString();
            }
            if (b.length() >= MAX_REPLY_LINE) {
                throw new IOException("reply line longer than " + MAX_REPLY_LINE + " bytes");
            }
            b.append((char) c);
        }
        throw new IOException("connection closed by the server" + (b.length() > 0 ? " after: " + b : ""));
    }

    private static void expect(int code, String reply, String step) throws SmtpReplyException {
        int got = reply.length() >= 3 && Character.isDigit(reply.charAt(0)) ? Integer.parseInt(reply.substring(0, 3)) : -1;
        if (got != code) {
            throw new SmtpReplyException(step, code, got, reply.trim());
        }
    }

    @Override
    public void close() {
        try {
            if (!socket.isClosed()) {
                socket.setSoTimeout(5_000);
                command("QUIT");
            }
        } catch (IOException ignored) {
            // the server may already have closed the connection
        } finally {
            try {
                socket.close();
            } catch (IOException ignored) {
                // nothing left to release
            }
        }
    }

    /** A reply with another code than the one the step needs. */
    static final class SmtpReplyException extends IOException {
        private static final long serialVersionUID = 1L;
        final int code;

        SmtpReplyException(String step, int expected, int code, String reply) {
            super(step + ": expected " + expected + ", server said: " + reply);
            this.code = code;
        }
    }
}
