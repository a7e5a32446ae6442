package io.spoolgate.scan;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A loopback spamd speaking just enough SPAMC/1.5 for {@code SYMBOLS}: it records each call's {@code User:} header
 * (empty string when none was sent) and answers a score chosen per user ({@link #score}), default 1.0.
 */
public final class FakeSpamd implements AutoCloseable {
    private final ServerSocket server;
    private final List<String> users = new CopyOnWriteArrayList<>();
    private final Map<String, Double> scores = new ConcurrentHashMap<>();

    /** Starts listening on an ephemeral loopback port. */
    public FakeSpamd() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::acceptLoop, "fake-spamd");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /**
     * @param user a spamd user ("" for calls without {@code User:})
     * @param score the score to answer for it
     * @return this
     */
    public FakeSpamd score(String user, double score) {
        scores.put(user, score);
        return this;
    }

    /** @return the port */
    public int port() {
        return server.getLocalPort();
    }

    /** @return the {@code User:} of every call so far, in order ("" = none) */
    public List<String> users() {
        return List.copyOf(users);
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try (Socket s = server.accept()) {
                answer(s.getInputStream(), s.getOutputStream());
            } catch (IOException e) {
                if (server.isClosed()) {
                    return;
                }
            }
        }
    }

    private void answer(InputStream in, OutputStream out) throws IOException {
        String user = "";
        int length = 0;
        String line;
        while ((line = readLine(in)) != null && !line.isEmpty()) {
            String lower = line.toLowerCase(Locale.ROOT);
            if (lower.startsWith("user:")) {
                user = line.substring(5).strip();
            } else if (lower.startsWith("content-length:")) {
                length = Integer.parseInt(line.substring(15).strip());
            }
        }
        in.readNBytes(length);
        users.add(user);
        double score = scores.getOrDefault(user, 1.0);
        String body = "FAKE_RULE_" + (user.isEmpty() ? "NOBODY" : user.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT));
        String reply = "SPAMD/1.1 0 EX_OK\r\nContent-length: " + body.length() + "\r\nSpam: "
            + (score >= 5.0 ? "True" : "False") + " ; " + score + " / 5.0\r\n\r\n" + body;
        out.write(reply.getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0 && b != '\n') {
            line.write(b);
        }
        if (b < 0 && line.size() == 0) {
            return null;
        }
        String s = line.toString(StandardCharsets.US_ASCII);
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
