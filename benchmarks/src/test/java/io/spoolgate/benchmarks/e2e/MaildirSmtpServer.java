package io.spoolgate.benchmarks.e2e;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntPredicate;

/**
 * A real SMTP server on 127.0.0.1 for the load generator's tests: it writes every mail it receives into
 * {@code root/user1/new/}, and can be told to misbehave per mail number (refuse with 451 but keep the mail anyway,
 * or accept with 250 and drop it) so that the delivery check has something to find.
 */
final class MaildirSmtpServer implements AutoCloseable {

    private final ServerSocket server;
    private final Path root;
    private final IntPredicate refuseButKeep;
    private final IntPredicate acceptButDrop;
    private final AtomicInteger mails = new AtomicInteger();
    private final Thread acceptor;

    MaildirSmtpServer(Path root, IntPredicate refuseButKeep, IntPredicate acceptButDrop) throws IOException {
        this.root = root;
        this.refuseButKeep = refuseButKeep;
        this.acceptButDrop = acceptButDrop;
        Files.createDirectories(root.resolve("user1/new"));
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        acceptor = new Thread(this::acceptLoop, "maildir-smtp");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return server.getLocalPort();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                Thread t = new Thread(() -> serve(s), "maildir-smtp-session");
                t.setDaemon(true);
                t.start();
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void serve(Socket s) {
        try (s; BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.ISO_8859_1));
             OutputStream out = s.getOutputStream()) {
            reply(out, "220 test ESMTP");
            for (String line; (line = in.readLine()) != null; ) {
                String cmd = line.length() >= 4 ? line.substring(0, 4).toUpperCase() : line;
                switch (cmd) {
                    case "EHLO" -> reply(out, "250-test\r\n250 8BITMIME");
                    case "MAIL", "RCPT" -> reply(out, "250 ok");
                    case "QUIT" -> {
                        reply(out, "221 bye");
                        return;
                    }
                    case "DATA" -> {
                        reply(out, "354 go on");
                        StringBuilder m = new StringBuilder();
                        for (String l; (l = in.readLine()) != null && !l.equals("."); ) {
                            m.append(l).append("\r\n");
                        }
                        int n = mails.getAndIncrement();
                        boolean refuse = refuseButKeep.test(n);
                        if (refuse || !acceptButDrop.test(n)) {
                            Files.writeString(root.resolve("user1/new/" + n), m, StandardCharsets.ISO_8859_1);
                        }
                        reply(out, refuse ? "451 try again later" : "250 queued");
                    }
                    default -> reply(out, "500 what");
                }
            }
        } catch (IOException ignored) {
            // the client went away
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
