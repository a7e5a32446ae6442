package io.spoolgate.ipmapper.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.spoolgate.ipmapper.support.EchoServer;
import io.spoolgate.ipmapper.support.ProxyFixture;
import io.spoolgate.ipmapper.support.TestNet;

import java.io.OutputStream;
import java.net.ConnectException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The control port protocol against a real proxy; 127.0.0.2 plays an address missing from IPAUTH. */
class ControlPortTest {
    @TempDir
    Path dir;
    private EchoServer target;
    private IpMapperServer proxy;
    private int control;
    private List<Integer> free;

    @BeforeEach
    void start() throws Exception {
        target = new EchoServer(false);
        free = TestNet.freePorts(2);
        Path mapping = ProxyFixture.write(dir, "PORT.MAPPING", free.get(0) + " FREE\n" + free.get(1) + " FREE\n");
        Path ipauth = ProxyFixture.write(dir, "IPAUTH.MAPPING", "* the engine\n127.0.0.1\n");
        proxy = ProxyFixture.start(ProxyFixture.loopbackSettings().transientIdle(Duration.ofSeconds(2)).build(), mapping, ipauth, null);
        control = proxy.controlAddress().getPort();
    }

    @AfterEach
    void stop() {
        proxy.close();
        target.close();
    }

    private String pick() throws Exception {
        List<String> reply = TestNet.control(control, "PICK 127.0.0.1 " + target.port() + " TCPIP");
        return reply.get(reply.size() - 1);
    }

    private static int portOf(String okReply) {
        assertThat(okReply).matches("OK \\d+");
        return Integer.parseInt(okReply.substring(3));
    }

    private static void eventually(BooleanSupplier condition) throws InterruptedException {
        for (int i = 0; i < 200 && !condition.getAsBoolean(); i++) {
            Thread.sleep(50);
        }
        assertThat(condition.getAsBoolean()).as("condition reached within 10 s").isTrue();
    }

    @Test
    void pickedPortReachesTheTargetAndIsReclaimedWhenTheConnectionEnds() throws Exception {
        int port = portOf(pick());
        assertThat(free).contains(port);
        eventually(() -> target.accepted() == 1); // the proxy connected to the target before replying
        try (Socket client = TestNet.connectFrom("127.0.0.1", port)) {
            client.getOutputStream().write("HELO\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(new String(client.getInputStream().readNBytes(6), StandardCharsets.US_ASCII)).isEqualTo("HELO\r\n");
            List<String> list = TestNet.control(control, "LIST");
            assertThat(list).anyMatch(line -> line.startsWith("TRANSIENT " + port + " 127.0.0.1 " + target.port() + " TCPIP ACTIVE"));
            assertThat(list.get(list.size() - 1)).isEqualTo("OK 1 mappings, 1 free transient ports");
        }
        eventually(() -> proxy.transientMappings().isEmpty() && proxy.freeTransientPorts() == 2);
        eventually(() -> target.open() == 0);
        assertThat(TestNet.control(control, "LIST")).containsExactly("OK 0 mappings, 2 free transient ports");
    }

    @Test
    void verblessPickportRequestGetsABarePortNumber() throws Exception {
        List<String> reply = TestNet.control(control, "127.0.0.1 " + target.port() + " TCPIP");
        assertThat(reply).hasSize(1);
        assertThat(Integer.parseInt(reply.get(0))).isIn(free);
    }

    @Test
    void releaseFreesThePortAndStopsListening() throws Exception {
        int port = portOf(pick());
        assertThat(TestNet.control(control, "RELEASE " + port)).containsExactly("OK released " + port);
        assertThatThrownBy(() -> TestNet.connectFrom("127.0.0.1", port).close()).isInstanceOf(ConnectException.class);
        assertThat(TestNet.control(control, "RELEASE " + port)).containsExactly("ERR 550 transient port " + port + " is not mapped");
        eventually(() -> target.open() == 0);
    }

    @Test
    void exhaustionIsATemporaryErrorAndEndsWhenAPortComesBack() throws Exception {
        int first = portOf(pick());
        portOf(pick());
        assertThat(pick()).isEqualTo("ERR 421 no free transient port, try again later");
        TestNet.control(control, "RELEASE " + first);
        assertThat(portOf(pick())).isEqualTo(first);
    }

    @Test
    void unusedMappingIsReclaimedAfterTheTransientIdleTime() throws Exception {
        int port = portOf(pick());
        assertThat(proxy.transientMappings()).extracting(TransientMapping::port).containsExactly(port);
        eventually(() -> proxy.transientMappings().isEmpty() && proxy.freeTransientPorts() == 2);
        assertThat(TestNet.control(control, "LIST")).containsExactly("OK 0 mappings, 2 free transient ports");
        eventually(() -> target.open() == 0);
    }

    @Test
    void unreachableTargetIsATemporaryErrorAndReturnsThePort() throws Exception {
        int closed = TestNet.freePort();
        List<String> reply = TestNet.control(control, "PICK 127.0.0.1 " + closed + " TCPIP");
        assertThat(reply.get(0)).startsWith("ERR 451 cannot connect to 127.0.0.1:" + closed);
        assertThat(TestNet.control(control, "LIST")).containsExactly("OK 0 mappings, 2 free transient ports");
    }

    @Test
    void unlistedAddressIsRefusedOnTheControlPort() throws Exception {
        try (Socket intruder = TestNet.connectFrom("127.0.0.2", control)) {
            intruder.getOutputStream().write(("PICK 127.0.0.1 " + target.port() + "\r\n").getBytes(StandardCharsets.US_ASCII));
            assertThat(TestNet.readLine(intruder.getInputStream())).isEqualTo("ERR 530 127.0.0.2 not authorised");
            assertThat(intruder.getInputStream().read()).isEqualTo(-1);
        }
        assertThat(proxy.transientMappings()).isEmpty();
    }

    @Test
    void ipauthReloadLetsANewAddressIn() throws Exception {
        ProxyFixture.write(dir, "IPAUTH.MAPPING", "127.0.0.1\n127.0.0.2\n");
        assertThat(TestNet.control(control, "RELOAD").get(0)).startsWith("OK reloaded: 0 static mappings, 2 transient ports, 2 authorised");
        try (Socket newcomer = TestNet.connectFrom("127.0.0.2", control)) {
            assertThat(TestNet.exchange(newcomer, "LIST")).containsExactly("OK 0 mappings, 2 free transient ports");
        }
        ProxyFixture.write(dir, "IPAUTH.MAPPING", "127.0.0.1\n10.0.0.0/33\n");
        assertThat(TestNet.control(control, "RELOAD").get(0)).startsWith("ERR 454 reload failed, old configuration kept: ")
            .endsWith("IPAUTH.MAPPING:2: prefix length 33 exceeds 32 in '10.0.0.0/33'");
    }

    @Test
    void unlistedAddressIsRefusedOnATransientPort() throws Exception {
        int port = portOf(pick());
        try (Socket intruder = TestNet.connectFrom("127.0.0.2", port)) {
            assertThat(intruder.getInputStream().read()).isEqualTo(-1);
        }
        assertThat(proxy.transientMappings()).extracting(TransientMapping::state).containsExactly(TransientMapping.State.WAITING);
        try (Socket engine = TestNet.connectFrom("127.0.0.1", port)) {
            engine.getOutputStream().write('x');
            assertThat(engine.getInputStream().read()).isEqualTo('x');
        }
    }

    @Test
    void malformedCommandsGetErrorsAndTheConnectionStaysUsable() throws Exception {
        try (Socket socket = TestNet.connectFrom("127.0.0.1", control)) {
            assertThat(TestNet.exchange(socket, "FROB now")).containsExactly("ERR 502 unknown command 'FROB' (PICK, RELEASE, LIST, RELOAD, QUIT)");
            assertThat(TestNet.exchange(socket, "PICK 127.0.0.1")).containsExactly("ERR 501 expected PICK <host> <port> [<stack>] or PICK <host>:<port> [<stack>]");
            assertThat(TestNet.exchange(socket, "PICK 127.0.0.1 99999")).containsExactly("ERR 501 target port 99999 is outside 1-65535");
            assertThat(TestNet.exchange(socket, "RELEASE \u00ff")).containsExactly("ERR 501 invalid character 0xFF at column 9");
            assertThat(TestNet.exchange(socket, "")).containsExactly("ERR 501 empty command");
            assertThat(TestNet.exchange(socket, "LIST")).containsExactly("OK 0 mappings, 2 free transient ports");
            assertThat(TestNet.exchange(socket, "QUIT")).containsExactly("OK bye");
            assertThat(socket.getInputStream().read()).isEqualTo(-1);
        }
    }

    @Test
    void overlongLineIsRefusedAndTheConnectionClosed() throws Exception {
        try (Socket socket = TestNet.connectFrom("127.0.0.1", control)) {
            assertThat(TestNet.exchange(socket, "PICK " + "a".repeat(5000))).containsExactly("ERR 500 line too long");
            assertThat(socket.getInputStream().read()).isEqualTo(-1);
        }
    }

    @Test
    void pipelinedCommandsAreAnsweredInOrder() throws Exception {
        try (Socket socket = TestNet.connectFrom("127.0.0.1", control)) {
            OutputStream out = socket.getOutputStream();
            out.write(("PICK 127.0.0.1 " + target.port() + "\r\nLIST\r\nQUIT\r\n").getBytes(StandardCharsets.US_ASCII));
            String picked = TestNet.readLine(socket.getInputStream());
            int port = portOf(picked);
            assertThat(TestNet.readLine(socket.getInputStream())).startsWith("TRANSIENT " + port + " ");
            assertThat(TestNet.readLine(socket.getInputStream())).isEqualTo("OK 1 mappings, 1 free transient ports");
            assertThat(TestNet.readLine(socket.getInputStream())).isEqualTo("OK bye");
        }
    }
}
