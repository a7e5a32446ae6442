package io.spoolgate.it.support;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A small SMTP client over a plain socket that sends message bytes exactly as given (it only dot-stuffs) and checks
 * every reply: what a test needs to compare the punched file byte for byte with what was sent.
 */
public final class SmtpClient implements AutoCloseable {

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    public SmtpClient(String host, int port) throws IOException {
        socket = new Socket();
        socket.connect(new InetSocketAddress(host, port), 10_000);
        socket.setSoTimeout(60_000);
        in = new BufferedInputStream(socket.getInputStream());
        out = socket.getOutputStream();
        expect(220, reply());
        command("EHLO client.test");
    }

    /** Sends one mail; returns the reply code of the end of DATA (250 when accepted). */
    public int send(String from, List<String> to, byte[] message) throws IOException {
        expect(250, command("MAIL FROM:<" + from + ">"));
        for (String rcpt : to) {
            expect(250, command("RCPT TO:<" + rcpt + ">"));
        }
        expect(354, command("DATA"));
        out.write(dotStuff(message));
        out.write(".\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return code(reply());
    }

    /** Sends a command line and returns the whole (possibly multi-line) reply. */
    public String command(String line) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        return reply();
    }

    public String reply() throws IOException {
        StringBuilder all = new StringBuilder();
        while (true) {
            String line = readLine();
            all.append(line).append('\n');
            if (line.length() < 4 || line.charAt(3) != '-') {
                return all.toString();
            }
        }
    }

    private String readLine() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (int c; (c = in.read()) != -1; ) {
            if (c == '\n') {
                String s = b.toString(StandardCharsets.ISO_8859_1);
                return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
            }
            b.write(c);
        }
        throw new IOException("connection closed by the server after: " + b.toString(StandardCharsets.ISO_8859_1));
    }

    public static int code(String reply) {
        return Integer.parseInt(reply.substring(0, 3));
    }

    private static void expect(int code, String reply) throws IOException {
        if (code(reply) != code) {
            throw new IOException("expected " + code + " but the server said: " + reply.trim());
        }
    }

    /** Doubles a leading dot on every line; the message must end with CRLF. */
    static byte[] dotStuff(byte[] message) {
        ByteArrayOutputStream o = new ByteArrayOutputStream(message.length + 64);
        boolean lineStart = true;
        for (int i = 0; i < message.length; i++) {
            byte b = message[i];
            if (lineStart && b == '.') {
                o.write('.');
            }
            o.write(b);
            lineStart = b == '\n' && i > 0 && message[i - 1] == '\r';
        }
        return o.toByteArray();
    }

    @Override
    public void close() throws IOException {
        try {
            if (!socket.isClosed()) {
                command("QUIT");
            }
        } catch (IOException ignored) {
            // the server may already have closed the connection
        } finally {
            socket.close();
        }
    }
}
