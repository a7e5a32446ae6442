package io.spoolgate.ipmapper.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;

import org.junit.jupiter.api.Test;

class CidrTest {
    private static InetAddress ip(String literal) throws Exception {
        return InetAddress.getByName(literal);
    }

    @Test
    void ipv4NetworkContainsOnlyItsAddresses() throws Exception {
        Cidr net = Cidr.parse("192.0.2.0/24");
        assertThat(net.contains(ip("192.0.2.77"))).isTrue();
        assertThat(net.contains(ip("192.0.3.1"))).isFalse();
        assertThat(net.contains(ip("2001:db8::1"))).isFalse();
        assertThat(net.toString()).isEqualTo("192.0.2.0/24");
    }

    @Test
    void hostBitsAreCleared() {
        assertThat(Cidr.parse("10.1.2.3/8")).isEqualTo(Cidr.parse("10.0.0.0/8"));
    }

    @Test
    void bareAddressIsASingleHost() throws Exception {
        Cidr host = Cidr.parse("127.0.0.1");
        assertThat(host.contains(ip("127.0.0.1"))).isTrue();
        assertThat(host.contains(ip("127.0.0.2"))).isFalse();
    }

    @Test
    void ipv6NetworksAndBrackets() throws Exception {
        Cidr net = Cidr.parse("2001:db8::/32");
        assertThat(net.contains(ip("2001:db8:ffff::1"))).isTrue();
        assertThat(net.contains(ip("2001:db9::1"))).isFalse();
        assertThat(Cidr.parse("[::1]").contains(ip("::1"))).isTrue();
    }

    @Test
    void ipv4MappedIpv6MatchesIpv4Network() throws Exception {
        byte[] mapped = new byte[16];
        mapped[10] = (byte) 0xff;
        mapped[11] = (byte) 0xff;
        mapped[12] = 10;
        mapped[15] = 9;
        InetAddress v6 = java.net.Inet6Address.getByAddress(null, mapped, -1);
        assertThat(Cidr.parse("10.0.0.0/8").contains(v6)).isTrue();
    }

    @Test
    void rejectsNamesAndBadPrefixesWithoutDns() {
        assertThatThrownBy(() -> Cidr.parse("mail.example.com")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("mail.example.com");
        assertThatThrownBy(() -> Cidr.parse("10.0.0.0/33")).hasMessageContaining("exceeds 32");
        assertThatThrownBy(() -> Cidr.parse("10.0.0.256")).hasMessageContaining("256");
        assertThatThrownBy(() -> Cidr.parse("10.0.0.0/")).hasMessageContaining("prefix");
        assertThatThrownBy(() -> Cidr.parse("::1/129")).hasMessageContaining("exceeds 128");
        assertThatThrownBy(() -> Cidr.parse("fe80::1%eth0")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Cidr.parse("1:2:3")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void textWithAColonThatIsNoIpv6LiteralIsRefusedBeforeTheJdkCouldLookItUp() {
        // InetAddress.getByName treats text not starting with a hex digit or ':' as a host name (a DNS query); such
        // text can come from a control-port client ("PICK [x:y]:25"), so it must never get that far
        for (String text : new String[] {"x:y", "mail.example.com:25", "[g::1]", "::1 ", "::1\u0000", "localhost:"}) {
            assertThat(Cidr.isAddressLiteral(text)).as(text).isFalse();
        }
        assertThat(Cidr.parseAddressLiteral("2001:DB8::1")).hasSize(16);
        assertThat(Cidr.parseAddressLiteral("[::ffff:192.0.2.1]")).hasSize(4);
    }
}
