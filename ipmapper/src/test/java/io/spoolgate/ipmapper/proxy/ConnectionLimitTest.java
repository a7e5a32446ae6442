package io.spoolgate.ipmapper.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.spoolgate.ipmapper.support.EchoServer;
import io.spoolgate.ipmapper.support.ProxyFixture;
import io.spoolgate.ipmapper.support.TestNet;

import java.net.Socket;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Connections beyond --max-connections are refused; a slot frees when a connection ends. */
class ConnectionLimitTest {
    @Test
    void connectionsBeyondTheLimitAreRefused(@TempDir Path dir) throws Exception {
        try (EchoServer echo = new EchoServer(false)) {
            int listen = TestNet.freePort();
            Path mapping = ProxyFixture.write(dir, "PORT.MAPPING", listen + " 127.0.0.1 " + echo.port() + " TCPIP proxy=none\n");
            try (IpMapperServer proxy = ProxyFixture.start(ProxyFixture.loopbackSettings().maxConnections(2).build(), mapping, null, null)) {
                Socket first = TestNet.connectFrom("127.0.0.1", listen);
                Socket second = TestNet.connectFrom("127.0.0.1", listen);
                for (Socket socket : new Socket[] {first, second}) {
                    socket.getOutputStream().write('a');
                    assertThat(socket.getInputStream().read()).isEqualTo('a');
                }
                try (Socket third = TestNet.connectFrom("127.0.0.1", listen)) {
                    assertThat(third.getInputStream().read()).isEqualTo(-1);
                }
                first.close();
                for (int i = 0; i < 200 && proxy.openConnections() > 1; i++) {
                    Thread.sleep(50);
                }
                try (Socket fourth = TestNet.connectFrom("127.0.0.1", listen)) {
                    fourth.getOutputStream().write('b');
                    assertThat(fourth.getInputStream().read()).isEqualTo('b');
                }
                second.close();
                assertThat(echo.accepted()).isEqualTo(3);
            }
        }
    }
}
