package io.spoolgate.matchers.scan.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** A minimal SMTP client for the tests: sends one message and returns the reply code to the end of DATA. */
final class SmtpTestClient {
    private SmtpTestClient() {
    }

    static int send(int port, String from, List<String> to, String rawCrlfMessage) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(60_000);
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
            OutputStream out = socket.getOutputStream();
            expect(in, 220);
            command(out, "EHLO test.example.org");
            expect(in, 250);
            command(out, "MAIL FROM:<" + from + ">");
            expect(in, 250);
            for (String r : to) {
                command(out, "RCPT TO:<" + r + ">");
                expect(in, 250);
            }
            command(out, "DATA");
            expect(in, 354);
            StringBuilder data = new StringBuilder();
            String body = rawCrlfMessage.endsWith("\r\n") ? rawCrlfMessage.substring(0, rawCrlfMessage.length() - 2) : rawCrlfMessage;
            for (String line : body.split("\r\n", -1)) {
                data.append(line.startsWith(".") ? "." + line : line).append("\r\n");
            }
            out.write(data.toString().getBytes(StandardCharsets.ISO_8859_1));
            command(out, ".");
            int code = reply(in);
            command(out, "QUIT");
            return code;
        }
    }

    private static void command(OutputStream out, String line) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    private static void expect(BufferedReader in, int code) throws IOException {
        int got = reply(in);
        if (got != code) {
            throw new IOException("SMTP: expected " + code + ", got " + got);
        }
    }

    private static int reply(BufferedReader in) throws IOException {
        String line;
        do {
            line = in.readLine();
            if (line == null) {
                throw new IOException("SMTP server closed the connection");
            }
        } while (line.length() > 3 && line.charAt(3) == '-');
        return Integer.parseInt(line.substring(0, 3));
    }
}
