package io.spoolgate.it.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A real SMTP server on 127.0.0.1 that accepts every mail and keeps it: the "remote" host a relayed mail goes to.
 */
public final class SmtpSink implements AutoCloseable {

    /** A received mail. */
    public record Received(String from, List<String> to, String data) {
    }

    private final ServerSocket server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final Thread acceptor;

    public SmtpSink() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        acceptor = new Thread(this::acceptLoop, "smtp-sink");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public int port() {
        return server.getLocalPort();
    }

    public List<Received> received() {
        return received;
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                Thread t = new Thread(() -> serve(s), "smtp-sink-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket s) {
        try (s; BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.ISO_8859_1));
             OutputStream out = s.getOutputStream()) {
            s.setSoTimeout(30_000);
            reply(out, "220 sink.test ESMTP");
            String from = null;
            List<String> to = new ArrayList<>();
            for (String line; (line = in.readLine()) != null; ) {
                String upper = line.toUpperCase();
                if (upper.startsWith("EHLO") || upper.startsWith("HELO")) {
                    reply(out, "250 sink.test");
                } else if (upper.startsWith("MAIL FROM:")) {
                    from = between(line);
                    to = new ArrayList<>();
                    reply(out, "250 ok");
                } else if (upper.startsWith("RCPT TO:")) {
                    to.add(between(line));
                    reply(out, "250 ok");
                } else if (upper.equals("DATA")) {
                    reply(out, "354 go ahead");
                    StringBuilder data = new StringBuilder();
                    for (String l; (l = in.readLine()) != null && !l.equals("."); ) {
                        data.append(l.startsWith(".") ? l.substring(1) : l).append("\r\n");
                    }
                    received.add(new Received(from, List.copyOf(to), data.toString()));
                    reply(out, "250 queued");
                } else if (upper.equals("QUIT")) {
                    reply(out, "221 bye");
                    return;
                } else {
                    reply(out, "250 ok");
                }
            }
        } catch (IOException ignored) {
            // client went away
        }
    }

    private static String between(String line) {
        int lt = line.indexOf('<');
        int gt = line.indexOf('>', lt + 1);
        return lt >= 0 && gt > lt ? line.substring(lt + 1, gt) : line.substring(line.indexOf(':') + 1).trim();
    }

    private static void reply(OutputStream out, String line) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
