package io.spoolgate.ipmapper.pickport;

import static org.assertj.core.api.Assertions.assertThat;

import io.spoolgate.ipmapper.proxy.IpMapperServer;
import io.spoolgate.ipmapper.support.EchoServer;
import io.spoolgate.ipmapper.support.ProxyFixture;
import io.spoolgate.ipmapper.support.TestNet;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PickportMainTest {
    @Test
    void pickPrintsThePortAndCommandPrintsTheReply(@TempDir Path dir) throws Exception {
        int free = TestNet.freePort();
        Path mapping = ProxyFixture.write(dir, "PORT.MAPPING", free + " FREE\n");
        try (EchoServer target = new EchoServer(false);
             IpMapperServer proxy = ProxyFixture.start(ProxyFixture.loopbackSettings().build(), mapping, null, null)) {
            String control = Integer.toString(proxy.controlAddress().getPort());
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
            PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
            assertThat(PickportMain.run(new String[] {"127.0.0.1", control, "127.0.0.1", Integer.toString(target.port()), "TCPIP"}, o, e)).isZero();
            assertThat(out.toString(StandardCharsets.UTF_8).trim()).isEqualTo(Integer.toString(free));
            out.reset();
            assertThat(PickportMain.run(new String[] {"--command", "LIST", "127.0.0.1", control}, o, e)).isZero();
            assertThat(out.toString(StandardCharsets.UTF_8)).contains("TRANSIENT " + free + " 127.0.0.1 " + target.port() + " TCPIP WAITING")
                .contains("OK 1 mappings, 0 free transient ports");
            assertThat(PickportMain.run(new String[] {"127.0.0.1", control, "127.0.0.1", Integer.toString(target.port())}, o, e)).isEqualTo(1);
            assertThat(err.toString(StandardCharsets.UTF_8)).contains("ERR 421 no free transient port");
            assertThat(PickportMain.run(new String[] {"127.0.0.1", "x", "127.0.0.1", "25"}, o, e)).isEqualTo(2);
        }
    }
}
