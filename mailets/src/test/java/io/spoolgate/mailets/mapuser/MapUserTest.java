package io.spoolgate.mailets.mapuser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.io.FileNotFoundException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import javax.mail.MessagingException;

import org.apache.james.filesystem.api.FileSystem;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMailContext;
import org.apache.mailet.base.test.FakeMailetConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.spoolgate.vmspool.james.SpoolgateAttributes;

class MapUserTest {

    @TempDir
    Path dir;

    /** Resolves {@code file://x} against the test directory, like James's FileSystem against its base dir. */
    private FileSystem fileSystem() {
        return new FileSystem() {
            @Override
            public InputStream getResource(String url) {
                throw new UnsupportedOperationException(url);
            }

            @Override
            public File getFile(String fileURL) throws FileNotFoundException {
                return dir.resolve(fileURL.replaceFirst("^file://", "")).toFile();
            }

            @Override
            public File getBasedir() {
                return dir.toFile();
            }
        };
    }

    private MapUser mailet(String properties) throws Exception {
        Files.createDirectories(dir.resolve("conf"));
        Files.writeString(dir.resolve("conf/vmusers"), "MAINT\nUSER1\n");
        Files.writeString(dir.resolve("conf/mapuser.aliases"), "sales USER1 bsmtp NOTE\n");
        Files.writeString(dir.resolve("conf/mapuser.properties"), properties);
        MapUser mapUser = new MapUser(fileSystem(), null);
        mapUser.init(FakeMailetConfig.builder().mailetName("MapUser").mailetContext(FakeMailContext.defaultContext())
            .build());
        return mapUser;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, AttributeValue<?>> routes(Mail mail) {
        return (Map<String, AttributeValue<?>>) mail.getAttribute(SpoolgateAttributes.ROUTES).orElseThrow()
            .getValue().value();
    }

    @Test
    void recordsARouteForEachLocalRecipientAndLeavesOthersAlone() throws Exception {
        MapUser mapUser = mailet("chain=alias-file, default\n");
        Mail mail = FakeMail.builder().name("m1").sender("a@client.test")
            .recipients("user1@localhost", "sales@localhost", "nobody@localhost", "far@elsewhere.example").build();
        mapUser.service(mail);
        assertThat(routes(mail)).containsOnlyKeys("user1@localhost", "sales@localhost", "nobody@localhost");
        assertThat(routes(mail).get("user1@localhost").value()).isEqualTo("USER1 netdata MAIL");
        assertThat(routes(mail).get("sales@localhost").value()).isEqualTo("USER1 bsmtp NOTE");
        assertThat(routes(mail).get("nobody@localhost").value()).isEqualTo("MAINT netdata MAIL");
    }

    @Test
    void routesSetEarlierAreKept() throws Exception {
        MapUser mapUser = mailet("chain=default\n");
        Mail mail = FakeMail.builder().name("m2").sender("a@client.test").recipients("user1@localhost").build();
        mail.setAttribute(new Attribute(SpoolgateAttributes.ROUTES,
            AttributeValue.of(Map.of("user1@localhost", AttributeValue.of("OPERATOR")))));
        mapUser.service(mail);
        assertThat(routes(mail).get("user1@localhost").value()).isEqualTo("OPERATOR");
    }

    @Test
    void aStrategyThatCannotAnswerFailsTheMailNamingTheRecipient() throws Exception {
        int deadPort;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            deadPort = s.getLocalPort();
        }
        MapUser mapUser = mailet("chain=ldap, default\nldap.url=ldap://127.0.0.1:" + deadPort
            + "/\nldap.baseDn=dc=vm,dc=example\nldap.connectTimeout=500ms\n");
        Mail mail = FakeMail.builder().name("m3").sender("a@client.test").recipients("user1@localhost").build();
        assertThatThrownBy(() -> mapUser.service(mail)).isInstanceOf(MessagingException.class)
            .hasMessageContaining("m3").hasMessageContaining("user1@localhost");
        assertThat(mail.getAttribute(SpoolgateAttributes.ROUTES)).isEmpty();
    }

    @Test
    void aBadConfigurationStopsTheMailetAtInitNamingTheFile() {
        assertThatThrownBy(() -> mailet("chain=default, teleport\n")).isInstanceOf(MessagingException.class)
            .hasMessageContaining("mapuser.properties").hasMessageContaining("teleport");
    }
}
