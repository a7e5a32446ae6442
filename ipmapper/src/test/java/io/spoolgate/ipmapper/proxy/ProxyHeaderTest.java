package io.spoolgate.ipmapper.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.haproxy.HAProxyCommand;
import io.netty.handler.codec.haproxy.HAProxyMessage;
import io.netty.handler.codec.haproxy.HAProxyMessageDecoder;
import io.netty.handler.codec.haproxy.HAProxyProtocolVersion;
import io.netty.handler.codec.haproxy.HAProxyProxiedProtocol;
import io.spoolgate.ipmapper.config.ProxyProtocol;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/** The encoder's output is checked with Netty's own decoder, the one James 3.8.1 uses for proxyRequired. */
class ProxyHeaderTest {
    private static HAProxyMessage decode(byte[] header) {
        EmbeddedChannel channel = new EmbeddedChannel(new HAProxyMessageDecoder());
        channel.writeInbound(Unpooled.wrappedBuffer(header, "EHLO x\r\n".getBytes(StandardCharsets.US_ASCII)));
        HAProxyMessage message = channel.readInbound();
        channel.finishAndReleaseAll();
        return message;
    }

    private static InetSocketAddress at(String ip, int port) throws Exception {
        return new InetSocketAddress(InetAddress.getByName(ip), port);
    }

    @Test
    void version1Ipv4() throws Exception {
        byte[] header = ProxyHeader.encode(ProxyProtocol.V1, at("198.51.100.7", 40123), at("192.0.2.1", 25));
        assertThat(new String(header, StandardCharsets.US_ASCII)).isEqualTo("PROXY TCP4 198.51.100.7 192.0.2.1 40123 25\r\n");
        HAProxyMessage message = decode(header);
        assertThat(message.protocolVersion()).isEqualTo(HAProxyProtocolVersion.V1);
        assertThat(message.sourceAddress()).isEqualTo("198.51.100.7");
        assertThat(message.sourcePort()).isEqualTo(40123);
        message.release();
    }

    @Test
    void version2Ipv4() throws Exception {
        HAProxyMessage message = decode(ProxyHeader.encode(ProxyProtocol.V2, at("198.51.100.7", 40123), at("192.0.2.1", 25)));
        assertThat(message.protocolVersion()).isEqualTo(HAProxyProtocolVersion.V2);
        assertThat(message.command()).isEqualTo(HAProxyCommand.PROXY);
        assertThat(message.proxiedProtocol()).isEqualTo(HAProxyProxiedProtocol.TCP4);
        assertThat(message.sourceAddress()).isEqualTo("198.51.100.7");
        assertThat(message.destinationAddress()).isEqualTo("192.0.2.1");
        assertThat(message.sourcePort()).isEqualTo(40123);
        assertThat(message.destinationPort()).isEqualTo(25);
        message.release();
    }

    @Test
    void bothVersionsIpv6() throws Exception {
        for (ProxyProtocol version : new ProxyProtocol[] {ProxyProtocol.V1, ProxyProtocol.V2}) {
            HAProxyMessage message = decode(ProxyHeader.encode(version, at("2001:db8::7", 50000), at("2001:db8::1", 25)));
            assertThat(message.proxiedProtocol()).isEqualTo(HAProxyProxiedProtocol.TCP6);
            assertThat(InetAddress.getByName(message.sourceAddress())).isEqualTo(InetAddress.getByName("2001:db8::7"));
            assertThat(message.sourcePort()).isEqualTo(50000);
            message.release();
        }
    }

    @Test
    void mixedFamiliesBecomeIpv4MappedIpv6() throws Exception {
        HAProxyMessage message = decode(ProxyHeader.encode(ProxyProtocol.V2, at("198.51.100.7", 1), at("2001:db8::1", 25)));
        assertThat(message.proxiedProtocol()).isEqualTo(HAProxyProxiedProtocol.TCP6);
        assertThat(InetAddress.getByName(message.sourceAddress()).getHostAddress()).isEqualTo("198.51.100.7");
        message.release();
    }

    @Test
    void noneHasNoHeader() {
        assertThatThrownBy(() -> ProxyHeader.encode(ProxyProtocol.NONE, at("192.0.2.1", 1), at("192.0.2.2", 2)))
            .isInstanceOf(IllegalArgumentException.class);
    }
}
