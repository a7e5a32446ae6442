package io.spoolgate.exit.host.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** A minimal blocking SMTP client for tests: loopback only, CRLF line ends, multi-line replies. */
public final class SmtpTestClient implements AutoCloseable {
    private final Socket socket;
    private final BufferedReader in;
    private final OutputStream out;

    private SmtpTestClient(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
        this.out = socket.getOutputStream();
    }

    /** @param port the server port on 127.0.0.1 @return a connected client (greeting not yet read) */
    public static SmtpTestClient connect(int port) throws IOException {
        Socket socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.setSoTimeout(15_000);
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        return new SmtpTestClient(socket);
    }

    /** @return the next reply (all lines of a multi-line reply), or a reply with code -1 if the server closed */
    public Reply read() throws IOException {
        StringBuilder text = new StringBuilder();
        while (true) {
            String line = in.readLine();
            if (line == null) {
                return new Reply(-1, text.toString());
            }
            if (line.length() < 3) {
                throw new IOException("malformed SMTP reply line: '" + line + "'");
            }
            text.append(line.length() > 4 ? line.substring(4) : "").append('\n');
            if (line.length() == 3 || line.charAt(3) == ' ') {
                return new Reply(Integer.parseInt(line.substring(0, 3)), text.toString().trim());
            }
        }
    }

    /** @param line a command without CRLF @return the reply */
    public Reply send(String line) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return read();
    }

    /**
     * Sends a whole transaction after HELO: MAIL, RCPT..., DATA, body, dot.
     *
     * @return the reply to the end of data, or the first reply that was not a success
     */
    public Reply transaction(String from, List<String> recipients, String body) throws IOException {
        Reply reply = send("MAIL FROM:<" + from + ">");
        if (reply.code() != 250) {
            return reply;
        }
        for (String recipient : recipients) {
            reply = send("RCPT TO:<" + recipient + ">");
            if (reply.code() != 250) {
                return reply;
            }
        }
        reply = send("DATA");
        if (reply.code() != 354) {
            return reply;
        }
        out.write((body.replace("\r\n", "\n").replace("\n", "\r\n") + "\r\n.\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return read();
    }

    /** @return a small valid message */
    public static String message(String subject) {
        return "From: sender@example.com\nTo: someone@vm.example\nSubject: " + subject + "\n\nHello.\n";
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    /**
     * An SMTP reply.
     *
     * @param code the reply code (-1: connection closed)
     * @param text the text, lines joined with newlines
     */
    public record Reply(int code, String text) {
    }
}
