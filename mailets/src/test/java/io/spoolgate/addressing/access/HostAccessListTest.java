package io.spoolgate.addressing.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

class HostAccessListTest {

    private static final Map<String, String> NAMES = Map.of("198.51.100.7", "ppp-7.dialup.example",
        "198.51.100.8", "mail.partner.example");

    private static Optional<String> reverse(InetAddress a) {
        return Optional.ofNullable(NAMES.get(a.getHostAddress()));
    }

    private static boolean allowed(HostAccessList list, String ip) throws Exception {
        return list.decide(InetAddress.getByName(ip), HostAccessListTest::reverse).allowed();
    }

    @Test
    void firstMatchWinsThenTheDefault() throws Exception {
        HostAccessList list = HostAccessList.parse("test", List.of(
            "# site rules",
            "allow 192.0.2.10",
            "deny  192.0.2.0/24     # the rest of that net",
            "allow 2001:db8:1::/48",
            "deny  2001:db8::/32",
            "deny  *.dialup.example",
            "allow 10.0.0.0/8",
            "default deny"));
        assertThat(allowed(list, "192.0.2.10")).isTrue();
        assertThat(allowed(list, "192.0.2.11")).isFalse();
        assertThat(allowed(list, "2001:db8:1::5")).isTrue();
        assertThat(allowed(list, "2001:db8:2::5")).isFalse();
        assertThat(allowed(list, "198.51.100.7")).isFalse();
        assertThat(allowed(list, "10.200.1.1")).isTrue();
        assertThat(allowed(list, "203.0.113.1")).isFalse();
        assertThat(list.decide(InetAddress.getByName("192.0.2.11"), a -> Optional.empty()).rule())
            .isEqualTo("deny 192.0.2.0/24 (line 3)");
        assertThat(list.decide(InetAddress.getByName("203.0.113.1"), a -> Optional.empty()).rule())
            .isEqualTo("default deny");
    }

    @Test
    void ipv4MappedIpv6ClientsMatchIpv4RangesAndPrefixZeroMatchesEverything() throws Exception {
        HostAccessList list = HostAccessList.parse("test", List.of("deny 10.0.0.0/8", "allow 0.0.0.0/0", "default deny"));
        assertThat(allowed(list, "::ffff:10.1.2.3")).isFalse();
        assertThat(allowed(list, "::ffff:192.0.2.1")).isTrue();
        assertThat(allowed(list, "2001:db8::1")).isFalse();
    }

    @Test
    void reverseDnsIsAskedOnlyWhenANameRuleIsReachedAndAtMostOnce() throws Exception {
        AtomicInteger lookups = new AtomicInteger();
        HostAccessList list = HostAccessList.parse("test", List.of("allow 127.0.0.0/8", "deny *.dialup.example",
            "deny ppp-*.example", "allow mail.partner.example"));
        list.decide(InetAddress.getByName("127.0.0.1"), a -> {
            lookups.incrementAndGet();
            return Optional.empty();
        });
        assertThat(lookups).hasValue(0);
        list.decide(InetAddress.getByName("198.51.100.8"), a -> {
            lookups.incrementAndGet();
            return reverse(a);
        });
        assertThat(lookups).hasValue(1);
        assertThat(allowed(list, "198.51.100.8")).isTrue();
        assertThat(allowed(list, "198.51.100.9")).isTrue();
    }

    @Test
    void badLinesAreRefusedWithTheirLineNumber() {
        assertThatThrownBy(() -> HostAccessList.parse("conf/hostaccess", List.of("allow 10.0.0.0/8", "permit 1.2.3.4")))
            .hasMessageContaining("conf/hostaccess line 2").hasMessageContaining("'permit'");
        assertThatThrownBy(() -> HostAccessList.parse("f", List.of("deny 10.0.0.0/33")))
            .hasMessageContaining("line 1").hasMessageContaining("prefix length must be 0 to 32");
        assertThatThrownBy(() -> HostAccessList.parse("f", List.of("deny bad/host!")))
            .hasMessageContaining("line 1");
        assertThatThrownBy(() -> HostAccessList.parse("f", List.of("default allow", "default deny")))
            .hasMessageContaining("line 2");
    }

    @Test
    void withoutADefaultLineEveryoneElseIsAllowed() throws Exception {
        assertThat(allowed(HostAccessList.parse("f", List.of("deny 10.0.0.0/8")), "192.0.2.1")).isTrue();
    }

    @Test
    void aListKnowsWhetherItHasNameRules() {
        assertThat(HostAccessList.parse("test", List.of("deny 10.0.0.0/8", "default allow")).hasNameRules()).isFalse();
        assertThat(HostAccessList.parse("test", List.of("deny *.dialup.example", "default allow")).hasNameRules())
            .isTrue();
    }
}
