package io.spoolgate.ipmapper.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.spoolgate.ipmapper.support.EchoServer;
import io.spoolgate.ipmapper.support.ProxyFixture;
import io.spoolgate.ipmapper.support.TestNet;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** IPv6 on ::1: an IPv6 client announced in a PROXY v2 header, and a transient mapping to an IPv6 target. */
class Ipv6Test {
    @Test
    void ipv6ClientAndIpv6TransientTarget(@TempDir Path dir) throws Exception {
        try (EchoServer proxied = new EchoServer(true); EchoServer v6Target = new EchoServer(false, "::1")) {
            List<Integer> ports = TestNet.freePorts(2);
            int listen = ports.get(0);
            int free = ports.get(1);
            Path mapping = ProxyFixture.write(dir, "PORT.MAPPING",
                listen + " 127.0.0.1 " + proxied.port() + " TCPIP6\n" + free + " FREE\n");
            try (IpMapperServer proxy = ProxyFixture.start(ProxyFixture.loopbackSettings().bindAddress("::1").build(), mapping, null, null)) {
                try (Socket client = new Socket()) {
                    client.setSoTimeout(10_000);
                    client.connect(new InetSocketAddress(InetAddress.getByName("::1"), listen), 5_000);
                    client.getOutputStream().write('6');
                    assertThat(client.getInputStream().read()).isEqualTo('6');
                    EchoServer.ProxyInfo header = proxied.headers().get(0);
                    assertThat(header.protocol()).isEqualTo("TCP6");
                    assertThat(InetAddress.getByName(header.sourceAddress())).isEqualTo(InetAddress.getByName("::1"));
                    assertThat(header.sourcePort()).isEqualTo(client.getLocalPort());
                }
                List<String> reply = TestNet.control(proxy.controlAddress().getPort(), "PICK [::1]:" + v6Target.port() + " TCPIP6");
                assertThat(reply).containsExactly("OK " + free);
                try (Socket engine = TestNet.connectFrom("127.0.0.1", free)) {
                    engine.getOutputStream().write('x');
                    assertThat(engine.getInputStream().read()).isEqualTo('x');
                }
            }
        }
    }
}
