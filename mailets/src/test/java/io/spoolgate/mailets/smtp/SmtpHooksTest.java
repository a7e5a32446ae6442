package io.spoolgate.mailets.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.io.InputStream;
import java.lang.reflect.Proxy;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;

import org.apache.commons.configuration2.BaseConfiguration;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.james.core.MaybeSender;
import org.apache.james.core.Username;
import org.apache.james.dnsservice.api.DNSService;
import org.apache.james.filesystem.api.FileSystem;
import org.apache.james.protocols.api.Response;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.HookReturnCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SmtpHooksTest {

    @TempDir
    Path dir;

    private FileSystem fileSystem() {
        return new FileSystem() {
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
    }

    private static DNSService reverseDns(String ip, String name) {
        return (DNSService) Proxy.newProxyInstance(SmtpHooksTest.class.getClassLoader(), new Class<?>[] {DNSService.class},
            (proxy, method, args) -> {
                if (method.getName().equals("getHostName")) {
                    InetAddress a = (InetAddress) args[0];
                    return a.getHostAddress().equals(ip) ? name : a.getHostAddress();
                }
                throw new UnsupportedOperationException(method.getName());
            });
    }

    private BaseConfiguration config(String rules) throws Exception {
        Files.writeString(dir.resolve("hostaccess"), rules);
        BaseConfiguration config = new BaseConfiguration();
        config.addProperty("accessFile", "file://hostaccess");
        return config;
    }

    @Test
    void connectHandlerRefusesDeniedClientsWith554AndEndsTheSession() throws Exception {
        HostAccessConnectHandler handler = new HostAccessConnectHandler(fileSystem(), reverseDns("192.0.2.9", "x.dialup.example"));
        handler.init(config("deny 10.0.0.0/8\ndeny *.dialup.example\n"));
        Response denied = handler.onConnect(FakeSessions.session("10.1.2.3", false));
        assertThat(denied.getRetCode()).isEqualTo("554");
        assertThat(denied.getLines().get(0)).contains("5.7.1").contains("10.1.2.3");
        assertThat(denied.isEndSession()).isTrue();
        assertThat(handler.onConnect(FakeSessions.session("192.0.2.9", false)).getRetCode()).isEqualTo("554");
        assertThat(handler.onConnect(FakeSessions.session("192.0.2.8", false))).isNull();
    }

    @Test
    void heloAndMailHookDisconnectsDeniedClientsIncludingIpv6() throws Exception {
        HostAccessHook hook = new HostAccessHook(fileSystem(), reverseDns("", ""));
        hook.init(config("allow 2001:db8:1::/48\ndeny 2001:db8::/32\ndefault allow\n"));
        HookResult helo = hook.doHelo(FakeSessions.session("2001:db8:2::1", false), "client.test");
        assertThat(helo.getResult().getAction()).isEqualTo(HookReturnCode.Action.DENY);
        assertThat(helo.getResult().isDisconnected()).isTrue();
        assertThat(helo.getSmtpRetCode()).isEqualTo("554");
        assertThat(hook.doMail(FakeSessions.session("2001:db8:2::1", false), MaybeSender.nullSender()).getSmtpRetCode())
            .isEqualTo("554");
        assertThat(hook.doHelo(FakeSessions.session("2001:db8:1::1", false), "ok")).isEqualTo(HookResult.DECLINED);
    }

    @Test
    void theListIsReReadWhenTheFileChanges() throws Exception {
        HostAccessHook hook = new HostAccessHook(fileSystem(), reverseDns("", ""));
        BaseConfiguration config = config("default allow\n");
        Files.writeString(dir.resolve("live-hostaccess"), "default allow\n");
        config.setProperty("accessFile", "file://live-hostaccess");
        hook.init(config);
        assertThat(hook.doHelo(FakeSessions.session("198.51.100.1", false), "x")).isEqualTo(HookResult.DECLINED);
        Files.writeString(dir.resolve("live-hostaccess"), "deny 198.51.100.0/24\n");
        Files.setLastModifiedTime(dir.resolve("live-hostaccess"), FileTime.fromMillis(System.currentTimeMillis() + 5000));
        Thread.sleep(1100);
        assertThat(hook.doHelo(FakeSessions.session("198.51.100.1", false), "x").getSmtpRetCode()).isEqualTo("554");
    }

    @Test
    void aMissingOrBrokenListStopsTheServerAtStart() throws Exception {
        HostAccessHook hook = new HostAccessHook(fileSystem(), reverseDns("", ""));
        BaseConfiguration missing = new BaseConfiguration();
        missing.addProperty("accessFile", "file://nowhere/hostaccess");
        assertThatThrownBy(() -> hook.init(missing)).isInstanceOf(ConfigurationException.class)
            .hasMessageContaining("does not exist");
        Files.writeString(dir.resolve("broken"), "deny 10.0.0.0/8\nallow everything please\n");
        BaseConfiguration broken = new BaseConfiguration();
        broken.addProperty("accessFile", "file://broken");
        assertThatThrownBy(() -> hook.init(broken)).isInstanceOf(ConfigurationException.class)
            .hasMessageContaining("line 2");
    }

    @Test
    void authBeforeTlsIsRefusedWith538AndDeclinedAfter() {
        TlsRequiredAuthHook hook = new TlsRequiredAuthHook();
        HookResult clear = hook.doAuth(FakeSessions.session("192.0.2.1", false), Username.of("alice"), "pw");
        assertThat(clear.getSmtpRetCode()).isEqualTo("538");
        assertThat(clear.getSmtpDescription()).startsWith("5.7.11");
        assertThat(hook.doAuth(FakeSessions.session("192.0.2.1", true), Username.of("alice"), "pw"))
            .isEqualTo(HookResult.DECLINED);
    }
}
