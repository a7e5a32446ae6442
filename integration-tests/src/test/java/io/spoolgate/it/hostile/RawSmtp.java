package io.spoolgate.it.hostile;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * A socket that speaks SMTP only as far as the test says: it writes exactly the bytes it is given (no CRLF added, no
 * dot-stuffing) and reads replies with bounded lines, so that a test can send what a well-behaved client never would.
 */
final class RawSmtp implements AutoCloseable {

    private static final int MAX_LINE = 16 * 1024;

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    RawSmtp(int port) throws IOException {
        socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
        socket.setSoTimeout(60_000);
        in = new BufferedInputStream(socket.getInputStream());
        out = socket.getOutputStream();
    }

    /** Connects, reads the greeting and says EHLO. */
    static RawSmtp greeted(int port) throws IOException {
        RawSmtp s = new RawSmtp(port);
        s.expect(220);
        s.line("EHLO hostile.test");
        s.expect(250);
        return s;
    }

    RawSmtp write(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
        return this;
    }

    RawSmtp write(String text) throws IOException {
        return write(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** Writes one command line with CRLF. */
    RawSmtp line(String command) throws IOException {
        return write(command + "\r\n");
    }

    /** The next whole reply (multi-line replies joined with newlines); fails when the connection ends first. */
    String reply() throws IOException {
        return replyOrClose().orElseThrow(() -> new IOException("the server closed the connection instead of replying"));
    }

    /** The next whole reply, or empty when the server closed the connection (or reset it) before one. */
    Optional<String> replyOrClose() throws IOException {
        StringBuilder all = new StringBuilder();
        while (true) {
            Optional<String> line = readLine();
            if (line.isEmpty()) {
                return all.length() == 0 ? Optional.empty() : Optional.of(all.toString());
            }
            all.append(line.get()).append('\n');
            String l = line.get();
            if (l.length() < 4 || l.charAt(3) != '-') {
                return Optional.of(all.toString());
            }
        }
    }

    /** Reads a reply and checks its code; returns the reply. */
    String expect(int code) throws IOException {
        String r = reply();
        if (!r.startsWith(Integer.toString(code))) {
            throw new AssertionError("expected " + code + " but the server said: " + r.trim());
        }
        return r;
    }

    static int code(String reply) {
        return Integer.parseInt(reply.substring(0, 3));
    }

    /** True when the server has closed the connection: a read returns end of stream (or a reset) within the timeout. */
    boolean closedByServer(int timeoutMillis) throws IOException {
        socket.setSoTimeout(timeoutMillis);
        try {
            return in.read() == -1;
        } catch (SocketTimeoutException stillOpen) {
            return false;
        } catch (IOException reset) {
            return true;
        } finally {
            socket.setSoTimeout(60_000);
        }
    }

    private Optional<String> readLine() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try {
            for (int c; (c = in.read()) != -1; ) {
                if (c == '\n') {
                    String s = b.toString(StandardCharsets.ISO_8859_1);
                    return Optional.of(s.endsWith("\r") ? s.substring(0, s.length() - 1) : s);
                }
                if (b.size() >= MAX_LINE) {
                    throw new IOException("reply line longer than " + MAX_LINE + " bytes");
                }
                b.write(c);
            }
        } catch (java.net.SocketException reset) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
