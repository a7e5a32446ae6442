package io.spoolgate.it.addressing;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.Base64;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * A hand-driven SMTP client that connects from a chosen loopback address (127.0.0.2, 127.0.0.3, ... are all this host
 * on Linux), so one machine can play allowed and denied networks; it can send a PROXY header and switch to TLS.
 */
final class ClientSession implements AutoCloseable {

    private Socket socket;
    private InputStream in;
    private OutputStream out;

    ClientSession(String localAddress, int port) throws IOException {
        socket = new Socket();
        socket.bind(new InetSocketAddress(InetAddress.getByName(localAddress), 0));
        socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
        socket.setSoTimeout(30_000);
        in = new BufferedInputStream(socket.getInputStream());
        out = socket.getOutputStream();
    }

    void raw(String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    String command(String line) throws IOException {
        raw(line + "\r\n");
        return reply();
    }

    /** The whole reply; empty when the server closed the connection. */
    String reply() throws IOException {
        StringBuilder all = new StringBuilder();
        while (true) {
            String line = readLine();
            if (line == null) {
                return all.toString();
            }
            all.append(line).append('\n');
            if (line.length() < 4 || line.charAt(3) != '-') {
                return all.toString();
            }
        }
    }

    /** Whether the server has closed the connection (reads until end of stream or timeout). */
    boolean closedByServer() throws IOException {
        try {
            return in.read() < 0;
        } catch (java.net.SocketException e) {
            return true;
        }
    }

    static int code(String reply) {
        return reply.length() < 3 ? -1 : Integer.parseInt(reply.substring(0, 3));
    }

    void startTls() throws Exception {
        String r = command("STARTTLS");
        if (code(r) != 220) {
            throw new IOException("STARTTLS refused: " + r);
        }
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, new TrustManager[] {new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
                // the test's own self-signed certificate
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        }}, null);
        SSLSocket tls = (SSLSocket) context.getSocketFactory().createSocket(socket, "127.0.0.1", socket.getPort(), true);
        tls.startHandshake();
        socket = tls;
        in = new BufferedInputStream(tls.getInputStream());
        out = tls.getOutputStream();
    }

    static String plain(String user, String password) {
        return Base64.getEncoder().encodeToString(("\0" + user + "\0" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** DATA with the message (CRLF lines, dot-stuffed); returns the final reply. */
    String data(String message) throws IOException {
        String r = command("DATA");
        if (code(r) != 354) {
            return r;
        }
        StringBuilder b = new StringBuilder();
        for (String line : message.split("\r\n", -1)) {
            b.append(line.startsWith(".") ? "." + line : line).append("\r\n");
        }
        if (message.endsWith("\r\n")) {
            b.setLength(b.length() - 2);
        }
        raw(b + ".\r\n");
        return reply();
    }

    private String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int c;
        try {
            while ((c = in.read()) >= 0) {
                if (c == '\n') {
                    byte[] bytes = line.toByteArray();
                    int len = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                    return new String(bytes, 0, len, StandardCharsets.ISO_8859_1);
                }
                line.write(c);
            }
        } catch (java.net.SocketException e) {
            return null;
        }
        return line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
