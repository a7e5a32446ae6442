package io.spoolgate.scan;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Where a scanner daemon listens: a TCP host and port or a unix domain socket path, with the connect and
 * whole-exchange timeouts used for every connection.
 */
public final class ScannerEndpoint {
    private final String host;
    private final int port;
    private final Path socketPath;
    private final Duration connectTimeout;
    private final Duration exchangeTimeout;

    private ScannerEndpoint(String host, int port, Path socketPath, Duration connectTimeout, Duration exchangeTimeout) {
        this.host = host;
        this.port = port;
        this.socketPath = socketPath;
        this.connectTimeout = requirePositive(connectTimeout, "connect timeout");
        this.exchangeTimeout = requirePositive(exchangeTimeout, "exchange timeout");
    }

    /**
     * @param host TCP host name or address
     * @param port TCP port, 1..65535
     * @param connectTimeout time allowed to establish the connection
     * @param exchangeTimeout time allowed for the whole request/answer exchange
     * @return a TCP endpoint
     */
    public static ScannerEndpoint tcp(String host, int port, Duration connectTimeout, Duration exchangeTimeout) {
        Objects.requireNonNull(host, "host");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("scanner port must be 1..65535, got " + port);
        }
        return new ScannerEndpoint(host, port, null, connectTimeout, exchangeTimeout);
    }

    /**
     * @param socketPath path of the daemon's unix domain socket
     * @param connectTimeout time allowed to establish the connection
     * @param exchangeTimeout time allowed for the whole request/answer exchange
     * @return a unix socket endpoint
     */
    public static ScannerEndpoint unix(Path socketPath, Duration connectTimeout, Duration exchangeTimeout) {
        return new ScannerEndpoint(null, 0, Objects.requireNonNull(socketPath, "socketPath"), connectTimeout, exchangeTimeout);
    }

    private static Duration requirePositive(Duration d, String what) {
        if (d == null || d.isZero() || d.isNegative()) {
            throw new IllegalArgumentException(what + " must be positive, got " + d);
        }
        return d;
    }

    /** @return the time allowed for a whole request/answer exchange */
    public Duration exchangeTimeout() {
        return exchangeTimeout;
    }

    /**
     * Opens a connection. TCP sockets get the exchange timeout as read timeout; callers additionally arm an
     * {@link ExchangeDeadline} so that unix sockets (which have no read timeout) and slow writes are bounded too.
     *
     * @return an open connection
     * @throws ScannerUnavailableException when the daemon cannot be reached
     */
    public Connection connect() throws ScannerUnavailableException {
        try {
            if (socketPath != null) {
                SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
                try {
                    channel.connect(UnixDomainSocketAddress.of(socketPath));
                } catch (IOException e) {
                    channel.close();
                    throw e;
                }
                return new Connection(channel, Channels.newInputStream(channel), Channels.newOutputStream(channel));
            }
            Socket socket = new Socket();
            try {
                socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, exchangeTimeout.toMillis()));
                socket.setTcpNoDelay(true);
                socket.connect(new InetSocketAddress(host, port), (int) Math.min(Integer.MAX_VALUE, connectTimeout.toMillis()));
            } catch (IOException e) {
                socket.close();
                throw e;
            }
            return new Connection(socket, socket.getInputStream(), socket.getOutputStream());
        } catch (IOException e) {
            throw new ScannerUnavailableException("cannot connect to " + this + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return socketPath != null ? "unix:" + socketPath : host + ":" + port;
    }

    /** An open connection to a scanner daemon. */
    public static final class Connection implements AutoCloseable {
        private final AutoCloseable resource;
        private final InputStream in;
        private final OutputStream out;

        Connection(AutoCloseable resource, InputStream in, OutputStream out) {
            this.resource = resource;
            this.in = in;
            this.out = out;
        }

        /** @return bytes from the daemon */
        public InputStream in() {
            return in;
        }

        /** @return bytes to the daemon */
        public OutputStream out() {
            return out;
        }

        /** Half-closes the sending direction where the transport allows it. */
        public void shutdownOutput() throws IOException {
            if (resource instanceof Socket socket) {
                socket.shutdownOutput();
            } else if (resource instanceof SocketChannel channel) {
                channel.shutdownOutput();
            }
        }

        @Override
        public void close() {
            try {
                resource.close();
            } catch (Exception ignored) {
                // closing a broken connection cannot fail in a way the caller could act on
            }
        }
    }
}
