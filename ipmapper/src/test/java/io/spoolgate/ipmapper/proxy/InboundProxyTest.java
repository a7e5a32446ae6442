package io.spoolgate.ipmapper.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.spoolgate.ipmapper.support.EchoServer;
import io.spoolgate.ipmapper.support.ProxyFixture;
import io.spoolgate.ipmapper.support.TestNet;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Static inbound mappings over real loopback sockets; sources 127.0.0.x stand in for Internet clients. */
class InboundProxyTest {
    @TempDir
    Path dir;
    private EchoServer proxiedTarget;
    private EchoServer plainTarget;
    private IpMapperServer proxy;
    private int v1Port;
    private int v2Port;
    private int plainPort;

    @BeforeEach
    void start() throws Exception {
        proxiedTarget = new EchoServer(true);
        plainTarget = new EchoServer(false);
        List<Integer> ports = TestNet.freePorts(3);
        v1Port = ports.get(0);
        v2Port = ports.get(1);
        plainPort = ports.get(2);
        Path mapping = ProxyFixture.write(dir, "PORT.MAPPING", String.join("\n",
            "* loopback test mappings",
            v1Port + " 127.0.0.1 " + proxiedTarget.port() + " TCPIP proxy=v1",
            v2Port + " 127.0.0.1 " + proxiedTarget.port() + " TCPIP",
            plainPort + " 127.0.0.1 " + plainTarget.port() + " TCPIP proxy=none", ""));
        Path acl = ProxyFixture.write(dir, "CLIENT.ACL", "deny 127.0.0.3\nallow all\n");
        proxy = ProxyFixture.start(ProxyFixture.loopbackSettings().idleTimeout(Duration.ofSeconds(2)).build(), mapping, null, acl);
    }

    @AfterEach
    void stop() {
        proxy.close();
        proxiedTarget.close();
        plainTarget.close();
    }

    private static String roundTrip(Socket socket, String text) throws Exception {
        socket.getOutputStream().write(text.getBytes(StandardCharsets.US_ASCII));
        return new String(socket.getInputStream().readNBytes(text.length()), StandardCharsets.US_ASCII);
    }

    @Test
    void proxyV1CarriesTheRealClientAddress() throws Exception {
        try (Socket client = TestNet.connectFrom("127.0.0.2", v1Port)) {
            assertThat(roundTrip(client, "EHLO client.example\r\n")).isEqualTo("EHLO client.example\r\n");
            EchoServer.ProxyInfo header = proxiedTarget.headers().get(0);
            assertThat(header.protocol()).isEqualTo("TCP4");
            assertThat(header.sourceAddress()).isEqualTo("127.0.0.2");
            assertThat(header.sourcePort()).isEqualTo(client.getLocalPort());
            assertThat(header.destinationPort()).isEqualTo(v1Port);
        }
    }

    @Test
    void proxyV2IsTheDefaultAndCarriesTheRealClientAddress() throws Exception {
        try (Socket client = TestNet.connectFrom("127.0.0.4", v2Port)) {
            assertThat(roundTrip(client, "MAIL FROM:<a@b>\r\n")).isEqualTo("MAIL FROM:<a@b>\r\n");
            EchoServer.ProxyInfo header = proxiedTarget.headers().get(0);
            assertThat(header.sourceAddress()).isEqualTo("127.0.0.4");
            assertThat(header.sourcePort()).isEqualTo(client.getLocalPort());
            assertThat(header.destinationAddress()).isEqualTo("127.0.0.1");
        }
    }

    @Test
    void deniedClientIsClosedBeforeReachingTheTarget() throws Exception {
        try (Socket client = TestNet.connectFrom("127.0.0.3", v2Port)) {
            assertThat(client.getInputStream().read()).isEqualTo(-1);
        }
        try (Socket allowed = TestNet.connectFrom("127.0.0.2", v2Port)) {
            assertThat(roundTrip(allowed, "x")).isEqualTo("x");
        }
        assertThat(proxiedTarget.accepted()).isEqualTo(1);
        assertThat(proxiedTarget.headers()).extracting(EchoServer.ProxyInfo::sourceAddress).containsExactly("127.0.0.2");
    }

    @Test
    void aclReloadAppliesToNewClientsOnly() throws Exception {
        try (Socket established = TestNet.connectFrom("127.0.0.2", plainPort)) {
            assertThat(roundTrip(established, "before")).isEqualTo("before");
            ProxyFixture.write(dir, "CLIENT.ACL", "deny 127.0.0.2\nallow all\n");
            proxy.reload();
            try (Socket refused = TestNet.connectFrom("127.0.0.2", plainPort)) {
                assertThat(refused.getInputStream().read()).isEqualTo(-1);
            }
            assertThat(roundTrip(established, "after")).isEqualTo("after");
        }
    }

    @Test
    void halfCloseTravelsBothWaysAndLargeTransfersSurviveBackPressure() throws Exception {
        byte[] payload = new byte[8 * 1024 * 1024];
        new Random(7).nextBytes(payload);
        try (Socket client = TestNet.connectFrom("127.0.0.1", plainPort)) {
            client.setSoTimeout(30_000);
            CompletableFuture<byte[]> received = CompletableFuture.supplyAsync(() -> {
                try {
                    return client.getInputStream().readAllBytes(); // ends only when the echo's FIN comes back
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            OutputStream out = client.getOutputStream();
            for (int offset = 0; offset < payload.length; offset += 65536) {
                out.write(payload, offset, Math.min(65536, payload.length - offset));
            }
            client.shutdownOutput();
            byte[] echoed = received.get();
            assertThat(echoed.length).isEqualTo(payload.length);
            assertThat(MessageDigest.getInstance("SHA-256").digest(echoed)).isEqualTo(MessageDigest.getInstance("SHA-256").digest(payload));
        }
    }

    @Test
    void idleConnectionIsClosed() throws Exception {
        try (Socket client = TestNet.connectFrom("127.0.0.1", plainPort)) {
            assertThat(roundTrip(client, "ping")).isEqualTo("ping");
            InputStream in = client.getInputStream();
            assertThat(in.read()).isEqualTo(-1); // idle timeout is 2 s, socket read timeout 10 s
        }
    }

    @Test
    void targetDownClosesTheClient() throws Exception {
        plainTarget.close();
        try (Socket client = TestNet.connectFrom("127.0.0.1", plainPort)) {
            assertThat(client.getInputStream().read()).isEqualTo(-1);
        }
    }
}
