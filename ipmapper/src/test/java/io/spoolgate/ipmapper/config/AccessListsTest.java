package io.spoolgate.ipmapper.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class AccessListsTest {
    private static InetAddress ip(String literal) throws Exception {
        return InetAddress.getByName(literal);
    }

    @Test
    void ipauthListsAddressesAndNetworks() throws Exception {
        AddressList list = AddressList.parse("IPAUTH", List.of("* engine", "10.0.0.5", "2001:db8::/64   # v6 engine net", ""));
        assertThat(list.allows(ip("10.0.0.5"))).isTrue();
        assertThat(list.allows(ip("10.0.0.6"))).isFalse();
        assertThat(list.allows(ip("2001:db8::99"))).isTrue();
        assertThat(list.allows(ip("127.0.0.1"))).isFalse();
    }

    @Test
    void ipauthErrorsCarryLineNumbers() {
        assertThatThrownBy(() -> AddressList.parse("IPAUTH", List.of("10.0.0.5", "10.0.0.6 10.0.0.7")))
            .hasMessage("IPAUTH:2: expected one address or CIDR network, found 2 fields");
        assertThatThrownBy(() -> AddressList.parse("IPAUTH", List.of("", "engine.example.org")))
            .hasMessageStartingWith("IPAUTH:2: not an IP");
    }

    @Test
    void defaultAuthorisationIsLoopbackAndEngineAddress() throws Exception {
        PortMappingTable table = PortMappingParser.parse("PM", List.of("25 10.0.0.5 2526 TCPIP", "26 engine.example.org 25 TCPIP"));
        AddressList auth = ConfigFiles.defaultAuth(table);
        assertThat(auth.allows(ip("127.0.0.1"))).isTrue();
        assertThat(auth.allows(ip("::1"))).isTrue();
        assertThat(auth.allows(ip("10.0.0.5"))).isTrue();
        assertThat(auth.allows(ip("10.0.0.6"))).isFalse();
    }

    @Test
    void aclFirstMatchWinsAndUnmatchedIsAllowed() throws Exception {
        ClientAcl acl = ClientAcl.parse("ACL", List.of(
            "allow 192.0.2.10", "deny 192.0.2.0/24", "deny 2001:db8::/32", "allow ::/0"));
        assertThat(acl.check(ip("192.0.2.10")).allowed()).isTrue();
        ClientAcl.Decision denied = acl.check(ip("192.0.2.11"));
        assertThat(denied.allowed()).isFalse();
        assertThat(denied.rule().line()).isEqualTo(2);
        assertThat(acl.check(ip("2001:db8::1")).allowed()).isFalse();
        assertThat(acl.check(ip("2001:db9::1")).allowed()).isTrue();
        assertThat(acl.check(ip("198.51.100.1"))).isEqualTo(new ClientAcl.Decision(true, null));
    }

    @Test
    void aclDenyAllAfterAllowsMakesAWhitelist() throws Exception {
        ClientAcl acl = ClientAcl.parse("ACL", List.of("allow 10.0.0.0/8", "deny all"));
        assertThat(acl.check(ip("10.9.9.9")).allowed()).isTrue();
        assertThat(acl.check(ip("192.0.2.1")).allowed()).isFalse();
        assertThat(acl.check(ip("::1")).allowed()).isFalse();
    }

    @Test
    void aclErrorsCarryLineNumbers() {
        assertThatThrownBy(() -> ClientAcl.parse("ACL", List.of("allow 10.0.0.0/8", "permit 10.0.0.1")))
            .hasMessage("ACL:2: unknown action 'permit' (expected allow or deny)");
        assertThatThrownBy(() -> ClientAcl.parse("ACL", List.of("deny")))
            .hasMessage("ACL:1: expected 'allow <cidr>' or 'deny <cidr>', found 1 field(s)");
        assertThatThrownBy(() -> ClientAcl.parse("ACL", List.of("deny 10.0.0.0/40")))
            .hasMessageStartingWith("ACL:1: prefix length 40 exceeds 32");
    }

    @Test
    void configFilesWithoutOptionalFiles(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path mapping = dir.resolve("PORT.MAPPING");
        java.nio.file.Files.writeString(mapping, "25 10.0.0.5 2526 TCPIP\n");
        IpMapperConfig config = new ConfigFiles(mapping, Optional.empty(), Optional.empty()).load();
        assertThat(config.clientAcl().rules()).isEmpty();
        assertThat(config.controlAuth().allows(ip("10.0.0.5"))).isTrue();
    }
}
