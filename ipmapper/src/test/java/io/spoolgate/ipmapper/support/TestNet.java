package io.spoolgate.ipmapper.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Small blocking-socket helpers for tests; everything on loopback. */
public final class TestNet {
    private TestNet() {
    }

    /** @return a port that was free on 127.0.0.1 a moment ago */
    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        }
    }

    /** @return {@code count} distinct ports that were free a moment ago */
    public static List<Integer> freePorts(int count) throws IOException {
        List<ServerSocket> held = new ArrayList<>();
        List<Integer> ports = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"));
                held.add(socket);
                ports.add(socket.getLocalPort());
            }
        } finally {
            for (ServerSocket socket : held) {
                socket.close();
            }
        }
        return ports;
    }

    /** Connects to 127.0.0.1:port from the given local loopback address (e.g. 127.0.0.2). */
    public static Socket connectFrom(String localAddress, int port) throws IOException {
        Socket socket = new Socket();
        socket.setSoTimeout(10_000);
        socket.bind(new InetSocketAddress(localAddress, 0));
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        return socket;
    }

    /** Sends one control line and returns the reply lines up to the final OK/ERR line (or end of stream). */
    public static List<String> control(int port, String line) throws IOException {
        try (Socket socket = connectFrom("127.0.0.1", port)) {
            return exchange(socket, line);
        }
    }

    /** Sends one line on an open control connection and reads the reply lines. */
    public static List<String> exchange(Socket socket, String line) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write((line + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        return readReply(socket);
    }

    /** Reads reply lines up to the final OK/ERR line or a bare number (legacy PICK) or end of stream. */
    public static List<String> readReply(Socket socket) throws IOException {
        List<String> lines = new ArrayList<>();
        String text;
        while ((text = readLine(socket.getInputStream())) != null) {
            lines.add(text);
            if (text.startsWith("OK") || text.startsWith("ERR") || text.matches("\\d+")) {
                break;
            }
        }
        return lines;
    }

    /** Reads one CRLF/LF-terminated line byte by byte (no read-ahead), or null at end of stream. */
    public static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        int b;
        while ((b = in.read()) >= 0) {
            if (b == '\n') {
                return line.toString();
            }
            if (b != '\r') {
                line.append((char) b);
            }
        }
        return line.length() == 0 ? null : line.toString();
    }

    /** Reads exactly n bytes. */
    public static byte[] readFully(InputStream in, int n) throws IOException {
        return in.readNBytes(n);
    }
}
