package io.spoolgate.ipmapper.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;

/** A tiny SMTP server on 127.0.0.1 that accepts every message and records it with the peer address it came from. */
public final class SmtpSink implements AutoCloseable {
    /** One received message. */
    public record Received(String peerAddress, String mailFrom, List<String> recipients, String data) {
    }

    private final ServerSocket server;
    private final List<Received> messages = new CopyOnWriteArrayList<>();
    private final Thread acceptor;

    /** Starts listening. */
    public SmtpSink() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
        acceptor = new Thread(this::acceptLoop, "smtp-sink");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** @return the port */
    public int port() {
        return server.getLocalPort();
    }

    /** @return messages received so far */
    public List<Received> messages() {
        return messages;
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try (Socket socket = server.accept()) {
                socket.setSoTimeout(10_000);
                session(socket);
            } catch (IOException e) {
                // closed or client went away: next connection
            }
        }
    }

    private void session(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        OutputStream out = socket.getOutputStream();
        reply(out, "220 sink.test ESMTP");
        String from = null;
        List<String> rcpts = new CopyOnWriteArrayList<>();
        String line;
        while ((line = TestNet.readLine(in)) != null) {
            String upper = line.toUpperCase(Locale.ROOT);
            if (upper.startsWith("EHLO") || upper.startsWith("HELO")) {
                reply(out, "250 sink.test");
            } else if (upper.startsWith("MAIL FROM:")) {
                from = line.substring(10).trim();
                reply(out, "250 OK");
            } else if (upper.startsWith("RCPT TO:")) {
                rcpts.add(line.substring(8).trim());
                reply(out, "250 OK");
            } else if (upper.equals("DATA")) {
                reply(out, "354 go ahead");
                StringBuilder data = new StringBuilder();
                String dataLine;
                while ((dataLine = TestNet.readLine(in)) != null && !dataLine.equals(".")) {
                    data.append(dataLine).append('\n');
                }
                messages.add(new Received(socket.getInetAddress().getHostAddress(), from, List.copyOf(rcpts), data.toString()));
                reply(out, "250 queued");
            } else if (upper.equals("QUIT")) {
                reply(out, "221 bye");
                return;
            } else if (upper.equals("RSET") || upper.equals("NOOP")) {
                reply(out, "250 OK");
            } else {
                reply(out, "502 not implemented");
            }
        }
    }

    private static void reply(OutputStream out, String text) throws IOException {
        out.write((text + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
