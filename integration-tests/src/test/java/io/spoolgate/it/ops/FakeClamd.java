package io.spoolgate.it.ops;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A loopback stand-in for clamd that answers the two commands the doctor sends: {@code nPING} with {@code PONG} and
 * {@code nVERSION} with a fixed version line naming a database date. One connection at a time, one command each.
 */
final class FakeClamd implements AutoCloseable {

    private final ServerSocket server;
    private final Thread thread;

    FakeClamd(String versionLine) throws IOException {
        server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
        thread = new Thread(() -> serve(versionLine), "fake-clamd");
        thread.setDaemon(true);
        thread.start();
    }

    int port() {
        return server.getLocalPort();
    }

    private void serve(String versionLine) {
        while (!server.isClosed()) {
            try (Socket s = server.accept()) {
                s.setSoTimeout(5_000);
                BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
                String command = in.readLine();
                OutputStream out = s.getOutputStream();
                if ("nPING".equals(command)) {
                    out.write("PONG\n".getBytes(StandardCharsets.US_ASCII));
                } else if ("nVERSION".equals(command)) {
                    out.write((versionLine + "\n").getBytes(StandardCharsets.US_ASCII));
                } else {
                    out.write("UNKNOWN COMMAND\n".getBytes(StandardCharsets.US_ASCII));
                }
                out.flush();
            } catch (IOException closedOrBroken) {
                // next connection (or the server was closed)
            }
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        server.close();
        thread.join(5_000);
    }
}
