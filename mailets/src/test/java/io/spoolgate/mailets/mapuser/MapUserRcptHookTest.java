package io.spoolgate.mailets.mapuser;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.InputStream;
import java.lang.reflect.Proxy;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

import org.apache.commons.configuration2.BaseConfiguration;
import org.apache.james.core.Domain;
import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.apache.james.domainlist.api.DomainList;
import org.apache.james.filesystem.api.FileSystem;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.spoolgate.mailets.smtp.FakeSessions;

class MapUserRcptHookTest {

    @TempDir
    Path dir;

    private static final Set<String> LOCAL = Set.of("vm.example", "strict.example", "ldap.example");

    private MapUserRcptHook hook(String properties) throws Exception {
        Files.writeString(dir.resolve("vmusers"), "MAINT\nUSER1\n");
        // the settings are loaded once per file (as in the server), so each variant gets its own file
        String name = "mapuser-" + Integer.toHexString(properties.hashCode()) + ".properties";
        Files.writeString(dir.resolve(name), properties + "\nuserDirectory.file=file://vmusers\n");
        FileSystem fs = new FileSystem() {
            @Override
            public InputStream getResource(String url) {
                throw new UnsupportedOperationException(url);
            }

            @Override
            public File getFile(String fileURL) {
                return dir.resolve(fileURL.replaceFirst("^file://", "")).toFile();
            }

            @Override
            public File getBasedir() {
                return dir.toFile();
            }
        };
        DomainList domains = (DomainList) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {DomainList.class},
            (proxy, method, args) -> {
                if (method.getName().equals("containsDomain")) {
                    return LOCAL.contains(((Domain) args[0]).asString());
                }
                throw new UnsupportedOperationException(method.getName());
            });
        MapUserRcptHook hook = new MapUserRcptHook(fs, null, domains);
        BaseConfiguration config = new BaseConfiguration();
        config.addProperty("configuration", "file://" + name);
        hook.init(config);
        return hook;
    }

    private static HookResult rcpt(MapUserRcptHook hook, String address) throws Exception {
        return hook.doRcpt(FakeSessions.session("192.0.2.1", false), MaybeSender.nullSender(), new MailAddress(address));
    }

    @Test
    void unknownUsersAreRefusedOnlyWhereTheDomainSaysSo() throws Exception {
        MapUserRcptHook hook = hook("unknownUsers.strict.example=reject");
        HookResult refused = rcpt(hook, "nobody@strict.example");
        assertThat(refused.getSmtpRetCode()).isEqualTo("550");
        assertThat(refused.getSmtpDescription()).startsWith("5.1.1 <nobody@strict.example>");
        assertThat(rcpt(hook, "user1@strict.example")).isEqualTo(HookResult.DECLINED);
        assertThat(rcpt(hook, "nobody@vm.example")).isEqualTo(HookResult.DECLINED);
        assertThat(rcpt(hook, "nobody@elsewhere.example")).isEqualTo(HookResult.DECLINED);
    }

    @Test
    void routedLocalPartsOfLocalDomainsAreRefusedUnlessTurnedOff() throws Exception {
        assertThat(rcpt(hook(""), "victim%elsewhere.example@vm.example").getSmtpDescription()).startsWith("5.7.1");
        assertThat(rcpt(hook(""), "victim%elsewhere.example@elsewhere.example")).isEqualTo(HookResult.DECLINED);
        assertThat(rcpt(hook("refuseRoutedLocalParts=false"), "victim%elsewhere.example@vm.example"))
            .isEqualTo(HookResult.DECLINED);
    }

    @Test
    void aDirectoryThatCannotAnswerGivesATemporaryFailure() throws Exception {
        int deadPort;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            deadPort = s.getLocalPort();
        }
        MapUserRcptHook hook = hook("chain=ldap, default\nunknownUsers=reject\nldap.url=ldap://127.0.0.1:" + deadPort
            + "/\nldap.baseDn=dc=vm,dc=example\nldap.connectTimeout=300ms\nldap.readTimeout=300ms");
        HookResult result = rcpt(hook, "someone@ldap.example");
        assertThat(result.getSmtpRetCode()).isEqualTo("451");
        assertThat(result.getSmtpDescription()).startsWith("4.4.3");
    }

    @Test
    void rcptMayBlockOnlyWhenUnknownUsersAreRefusedAfterANetworkOrCommandLookup() throws Exception {
        assertThat(hook("unknownUsers.strict.example=reject").mayBlock()).as("the file directory").isFalse();
        assertThat(hook("unknownUsers=reject\nuserDirectory=vmcp").mayBlock()).isTrue();
        assertThat(hook("unknownUsers.strict.example=reject\nuserDirectory=vmcp").mayBlock()).isTrue();
        assertThat(hook("userDirectory=vmcp").mayBlock()).as("nobody is refused: nothing is looked up at RCPT")
            .isFalse();
    }
}
