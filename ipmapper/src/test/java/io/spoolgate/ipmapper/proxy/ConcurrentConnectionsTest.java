package io.spoolgate.ipmapper.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.spoolgate.ipmapper.support.EchoServer;
import io.spoolgate.ipmapper.support.ProxyFixture;
import io.spoolgate.ipmapper.support.TestNet;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** 1,000 connections open through the proxy at the same time, each carrying its own bytes. */
class ConcurrentConnectionsTest {
    private static final int CONNECTIONS = 1000;

    @Test
    void thousandConcurrentConnectionsEachGetTheirOwnEcho(@TempDir Path dir) throws Exception {
        try (EchoServer echo = new EchoServer(false)) {
            int listen = TestNet.freePort();
            Path mapping = ProxyFixture.write(dir, "PORT.MAPPING", listen + " 127.0.0.1 " + echo.port() + " TCPIP proxy=none\n");
            IpMapperServer proxy = ProxyFixture.start(ProxyFixture.loopbackSettings().build(), mapping, null, null);
            List<Socket> sockets = new ArrayList<>();
            try {
                for (int i = 0; i < CONNECTIONS; i++) {
                    Socket socket = new Socket();
                    socket.setSoTimeout(20_000);
                    socket.connect(new InetSocketAddress("127.0.0.1", listen), 10_000);
                    sockets.add(socket);
                }
                for (int i = 0; i < CONNECTIONS; i++) {
                    sockets.get(i).getOutputStream().write(message(i));
                }
                for (int i = 0; i < CONNECTIONS; i++) {
                    byte[] expected = message(i);
                    assertThat(sockets.get(i).getInputStream().readNBytes(expected.length)).isEqualTo(expected);
                }
                assertThat(proxy.openConnections()).isEqualTo(CONNECTIONS);
                assertThat(echo.open()).isEqualTo(CONNECTIONS);
            } finally {
                for (Socket socket : sockets) {
                    socket.close();
                }
            }
            for (int i = 0; i < 200 && (proxy.openConnections() > 0 || echo.open() > 0); i++) {
                Thread.sleep(50);
            }
            assertThat(proxy.openConnections()).isZero();
            assertThat(echo.open()).isZero();
            proxy.close();
        }
    }

    private static byte[] message(int i) {
        return ("connection " + i + " says hello\r\n").getBytes(StandardCharsets.US_ASCII);
    }
}
