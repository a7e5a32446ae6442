package io.spoolgate.ipmapper.pickport;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;

import javax.net.SocketFactory;

/**
 * A {@link SocketFactory} that routes every connection through an ipmapper transient port. Give it to James's
 * RemoteDelivery as JavaMail properties:
 *
 * <pre>
 * &lt;mail.smtp.socketFactory.class&gt;io.spoolgate.ipmapper.pickport.PickportSocketFactory&lt;/mail.smtp.socketFactory.class&gt;
 * &lt;mail.smtp.socketFactory.fallback&gt;false&lt;/mail.smtp.socketFactory.fallback&gt;
 * </pre>
 *
 * JavaMail loads the class by name (thread context class loader, then its own) and calls {@link #getDefault()},
 * which reads {@link PickportSettings} from system properties. When no transient port is free or the proxy is
 * down, {@code connect} throws a {@link PickportException} (an {@link IOException}), which RemoteDelivery treats
 * as a temporary failure and retries.
 */
public final class PickportSocketFactory extends SocketFactory {
    private final PickportClient client;
    private final String connectHost;

    /**
     * @param client      control-port client
     * @param connectHost address at which the proxy's transient ports are reached
     */
    public PickportSocketFactory(PickportClient client, String connectHost) {
        this.client = client;
        this.connectHost = connectHost;
    }

    /**
     * Called by JavaMail by reflection.
     *
     * @return a factory configured from {@link PickportSettings#fromSystemProperties()}
     */
    public static SocketFactory getDefault() {
        PickportSettings settings = PickportSettings.fromSystemProperties();
        return new PickportSocketFactory(settings.client(), settings.connectHost());
    }

    @Override
    public Socket createSocket() {
        return new PickportSocket(client, connectHost);
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        Socket socket = createSocket();
        connectOrClose(socket, InetSocketAddress.createUnresolved(host, port));
        return socket;
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        Socket socket = createSocket();
        socket.bind(new InetSocketAddress(localHost, localPort));
        connectOrClose(socket, InetSocketAddress.createUnresolved(host, port));
        return socket;
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        Socket socket = createSocket();
        connectOrClose(socket, new InetSocketAddress(host, port));
        return socket;
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) throws IOException {
        Socket socket = createSocket();
        socket.bind(new InetSocketAddress(localAddress, localPort));
        connectOrClose(socket, new InetSocketAddress(address, port));
        return socket;
    }

    private static void connectOrClose(Socket socket, InetSocketAddress target) throws IOException {
        try {
            socket.connect(target);
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }
}
