package io.spoolgate.addressing.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import java.time.Duration;
import java.util.Optional;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.listener.InMemoryDirectoryServerConfig;
import com.unboundid.ldap.listener.InMemoryListenerConfig;

import io.spoolgate.vmspool.directory.LdapAttributeLookup;
import io.spoolgate.vmspool.directory.LdapLookupException;
import io.spoolgate.vmspool.directory.LdapSettings;
import io.spoolgate.vmspool.directory.LdapUserDirectory;
import io.spoolgate.vmspool.spool.VmUserid;

/** The LDAP strategy and LDAP user directory against UnboundID's in-memory directory server on 127.0.0.1. */
class LdapMappingTest {

    private static InMemoryDirectoryServer server;
    private static int port;

    @BeforeAll
    static void startServer() throws Exception {
        InMemoryDirectoryServerConfig config = new InMemoryDirectoryServerConfig("dc=vm,dc=example");
        config.addAdditionalBindCredentials("cn=reader,dc=vm,dc=example", "secret");
        config.setListenerConfigs(InMemoryListenerConfig.createLDAPConfig("ldap", java.net.InetAddress.getLoopbackAddress(),
            0, null));
        config.setSchema(null);
        server = new InMemoryDirectoryServer(config);
        server.add("dn: dc=vm,dc=example", "objectClass: top", "objectClass: domain", "dc: vm");
        server.add("dn: ou=people,dc=vm,dc=example", "objectClass: organizationalUnit", "ou: people");
        server.add("dn: uid=jdoe,ou=people,dc=vm,dc=example", "objectClass: inetOrgPerson", "uid: jdoe", "cn: John Doe",
            "sn: Doe", "mail: john.doe@vm.example", "vmuserid: USER2");
        server.add("dn: uid=bad,ou=people,dc=vm,dc=example", "objectClass: inetOrgPerson", "uid: bad", "cn: Bad",
            "sn: Bad", "mail: bad@vm.example", "vmuserid: not.a.user");
        server.add("dn: uid=star,ou=people,dc=vm,dc=example", "objectClass: inetOrgPerson", "uid: star", "cn: Star",
            "sn: Star", "mail: st*r@vm.example", "vmuserid: STAR");
        server.startListening();
        port = server.getListenPort();
    }

    @AfterAll
    static void stopServer() {
        server.shutDown(true);
    }

    private static LdapSettings settings(int ldapPort, Optional<String> bindDn, String password) {
        return new LdapSettings("ldap://127.0.0.1:" + ldapPort + "/", "ou=people,dc=vm,dc=example", "(mail={0})",
            "vmuserid", bindDn, password, Duration.ofSeconds(2), Duration.ofSeconds(2));
    }

    @Test
    void findsTheUseridOfAnAddressWithAnAuthenticatedBind() {
        LdapStrategy strategy = new LdapStrategy(new LdapAttributeLookup(
            settings(port, Optional.of("cn=reader,dc=vm,dc=example"), "secret")));
        assertThat(strategy.map(RecipientAddress.parse("john.doe@vm.example")))
            .contains(MappedUserid.of(VmUserid.of("USER2")));
        assertThat(strategy.map(RecipientAddress.parse("nobody@vm.example"))).isEmpty();
    }

    @Test
    void filterValuesAreEscapedSoAWildcardAddressMatchesOnlyItself() {
        LdapStrategy strategy = new LdapStrategy(new LdapAttributeLookup(settings(port, Optional.empty(), "")));
        assertThat(strategy.map(RecipientAddress.parse("*@vm.example"))).isEmpty();
        assertThat(strategy.map(RecipientAddress.parse("st*r@vm.example")).orElseThrow().userid().value()).isEqualTo("STAR");
    }

    @Test
    void anEntryWithABadUseridIsAnErrorNamingTheAddressAndValue() {
        LdapStrategy strategy = new LdapStrategy(new LdapAttributeLookup(settings(port, Optional.empty(), "")));
        assertThatThrownBy(() -> strategy.map(RecipientAddress.parse("bad@vm.example")))
            .hasMessageContaining("bad@vm.example").hasMessageContaining("not.a.user");
    }

    @Test
    void aWrongPasswordAndADeadServerAreErrorsNotMisses() throws Exception {
        LdapStrategy wrongPassword = new LdapStrategy(new LdapAttributeLookup(
            settings(port, Optional.of("cn=reader,dc=vm,dc=example"), "wrong")));
        assertThatThrownBy(() -> wrongPassword.map(RecipientAddress.parse("john.doe@vm.example")))
            .isInstanceOf(LdapLookupException.class);
        int deadPort;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            deadPort = s.getLocalPort();
        }
        LdapStrategy dead = new LdapStrategy(new LdapAttributeLookup(settings(deadPort, Optional.empty(), "")));
        assertThatThrownBy(() -> dead.map(RecipientAddress.parse("john.doe@vm.example")))
            .isInstanceOf(LdapLookupException.class).hasMessageContaining("127.0.0.1:" + deadPort);
    }

    @Test
    void aServerThatNeverAnswersTimesOut() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            LdapSettings s = new LdapSettings("ldap://127.0.0.1:" + silent.getLocalPort() + "/", "dc=vm,dc=example",
                "(mail={0})", "vmuserid", Optional.empty(), "", Duration.ofMillis(500), Duration.ofMillis(500));
            assertThatThrownBy(() -> new LdapAttributeLookup(s).lookup("x@vm.example"))
                .isInstanceOf(LdapLookupException.class);
        }
    }

    @Test
    void theUserDirectoryInLdapKnowsTheUseridsOfEntries() {
        LdapUserDirectory directory = new LdapUserDirectory(new LdapAttributeLookup(
            settings(port, Optional.empty(), "").withQuery("(vmuserid={0})", "uid")));
        assertThat(directory.exists(VmUserid.of("USER2"))).isTrue();
        assertThat(directory.exists(VmUserid.of("USER9"))).isFalse();
    }
}
