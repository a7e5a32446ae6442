package io.spoolgate.scan;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A loopback TCP relay in front of a real scanner daemon, so a test can make the daemon "go down" (connections
 * refused) or "hang" (connections accepted, nothing answered) and come back, without touching the shared daemon.
 * Used by the matchers' pipeline test and the integration tests (through this module's test-jar).
 */
public final class ScannerProxy implements AutoCloseable {
    /** What the relay does with connections. */
    public enum Mode {
        /** Relay to the daemon. */
        FORWARD,
        /** Refuse connections (listening socket closed, open connections cut). */
        DOWN,
        /** Accept and read, never answer. */
        HANG
    }

    private final int targetPort;
    private final int port;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private volatile Mode mode = Mode.FORWARD;
    private volatile ServerSocket server;

    /**
     * @param targetPort the daemon's loopback port
     * @throws IOException when no port can be bound
     */
    public ScannerProxy(int targetPort) throws IOException {
        this.targetPort = targetPort;
        this.server = listen(0);
        this.port = server.getLocalPort();
        acceptLoop(server);
    }

    /** @return the relay's loopback port */
    public int port() {
        return port;
    }

    /** Switches mode; DOWN closes the listening socket so connections are refused. */
    public synchronized void mode(Mode newMode) throws IOException {
        if (newMode == Mode.DOWN && server != null) {
            server.close();
            server = null;
        } else if (newMode != Mode.DOWN && server == null) {
            server = listen(port);
            acceptLoop(server);
        }
        if (newMode == Mode.DOWN) {
            for (Socket s : sockets) {
                s.close();
            }
            sockets.clear();
        }
        // HANG -> FORWARD leaves the hung connections alone: their clients must time out by themselves
        mode = newMode;
    }

    private static ServerSocket listen(int port) throws IOException {
        ServerSocket s = new ServerSocket();
        s.setReuseAddress(true);
        s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
        return s;
    }

    private void acceptLoop(ServerSocket listening) {
        Thread t = new Thread(() -> {
            while (!listening.isClosed()) {
                try {
                    Socket client = listening.accept();
                    sockets.add(client);
                    if (mode == Mode.HANG) {
                        pump(client.getInputStream(), OutputStream.nullOutputStream(), client, null);
                        continue;
                    }
                    Socket upstream = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                    sockets.add(upstream);
                    pump(client.getInputStream(), upstream.getOutputStream(), client, upstream);
                    pump(upstream.getInputStream(), client.getOutputStream(), upstream, client);
                } catch (IOException e) {
                    return;
                }
            }
        }, "scanner-proxy-" + port);
        t.setDaemon(true);
        t.start();
    }

    private static void pump(InputStream in, OutputStream out, Socket from, Socket to) {
        Thread t = new Thread(() -> {
            try {
                in.transferTo(out);
                if (to != null) {
                    to.shutdownOutput();
                }
            } catch (IOException e) {
                // one side closed abruptly: close both so the daemon does not wait for the rest of a request
                closeQuietly(from);
                closeQuietly(to);
            }
        }, "scanner-proxy-pump");
        t.setDaemon(true);
        t.start();
    }

    private static void closeQuietly(Socket s) {
        if (s != null) {
            try {
                s.close();
            } catch (IOException ignored) {
                // already closed
            }
        }
    }

    @Override
    public void close() throws IOException {
        if (server != null) {
            server.close();
        }
        for (Socket s : sockets) {
            s.close();
        }
    }
}
