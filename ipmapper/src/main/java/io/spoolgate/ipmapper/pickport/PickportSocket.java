package io.spoolgate.ipmapper.pickport;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;

/**
 * A socket whose {@code connect(target)} asks the proxy for a transient port mapped to the target and connects to
 * that port instead, so the connection reaches the target from the proxy's address.
 */
final class PickportSocket extends Socket {
    private final PickportClient client;
    private final String connectHost;

    PickportSocket(PickportClient client, String connectHost) {
        this.client = client;
        this.connectHost = connectHost;
    }

    @Override
    public void connect(SocketAddress endpoint) throws IOException {
        connect(endpoint, 0);
    }

    @Override
    public void connect(SocketAddress endpoint, int timeout) throws IOException {
        if (!(endpoint instanceof InetSocketAddress target)) {
            throw new IllegalArgumentException("unsupported address type " + endpoint);
        }
        String host = target.getAddress() != null ? target.getAddress().getHostAddress() : target.getHostString();
        int port = client.pick(host, target.getPort());
        try {
            super.connect(new InetSocketAddress(connectHost, port), timeout);
        } catch (IOException e) {
            try {
                client.release(port);
            } catch (PickportException ignored) {
                // the proxy reclaims the mapping by itself after its idle time
            }
            throw new PickportException(0, "cannot connect to transient port " + connectHost + ":" + port + " for "
                + host + ":" + target.getPort() + ": " + e.getMessage(), e);
        }
    }
}
