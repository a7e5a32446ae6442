package io.spoolgate.ipmapper;

import static org.assertj.core.api.Assertions.assertThat;

import io.spoolgate.ipmapper.support.ProxyFixture;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IpMapperMainTest {
    @TempDir
    Path dir;
    private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
    private final PrintStream err = new PrintStream(errBytes, true, StandardCharsets.UTF_8);

    private String err() {
        return errBytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void refusesToStartOnABrokenMappingFileNamingTheLine() throws Exception {
        Path mapping = ProxyFixture.write(dir, "PORT.MAPPING", "* ok\n25 127.0.0.1 2526 TCPIP\n26 127.0.0.1 TCPIP\n");
        int status = IpMapperMain.run(new String[] {"--mapping", mapping.toString(), "--control", "127.0.0.1:0"}, err);
        assertThat(status).isEqualTo(2);
        assertThat(err()).contains("refusing to start: " + mapping + ":3: expected");
    }

    @Test
    void refusesToStartOnABrokenIpauthFile() throws Exception {
        Path mapping = ProxyFixture.write(dir, "PORT.MAPPING", "40000 FREE\n");
        Path ipauth = ProxyFixture.write(dir, "IPAUTH", "127.0.0.1\nnot-an-address\n");
        int status = IpMapperMain.run(new String[] {"--mapping", mapping.toString(), "--ipauth", ipauth.toString(), "--check"}, err);
        assertThat(status).isEqualTo(2);
        assertThat(err()).contains(ipauth + ":2: not an IP");
    }

    @Test
    void checkAcceptsTheSampleFiles() {
        Path conf = Path.of("src/main/conf");
        int status = IpMapperMain.run(new String[] {"--check", "--mapping", conf.resolve("PORT.MAPPING").toString(),
            "--ipauth", conf.resolve("IPAUTH.MAPPING").toString(), "--acl", conf.resolve("CLIENT.ACL").toString()}, err);
        assertThat(err()).contains("configuration OK");
        assertThat(status).isZero();
    }

    @Test
    void badOptionsPrintUsage() {
        assertThat(IpMapperMain.run(new String[] {"--bind"}, err)).isEqualTo(2);
        assertThat(err()).contains("option --bind needs a value").contains("usage: ipmapper");
        assertThat(IpMapperMain.run(new String[] {"--control", "nowhere"}, err)).isEqualTo(2);
        assertThat(IpMapperMain.run(new String[] {"--watch", "-1", "--mapping", "x"}, err)).isEqualTo(2);
        assertThat(IpMapperMain.run(new String[] {}, err)).isEqualTo(2);
        assertThat(err()).contains("--mapping FILE is required").contains("--watch expects a number");
    }

    @Test
    void portAlreadyInUseIsExitStatusOne() throws Exception {
        try (java.net.ServerSocket busy = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            Path mapping = ProxyFixture.write(dir, "PORT.MAPPING", busy.getLocalPort() + " 127.0.0.1 2526 TCPIP\n");
            int status = IpMapperMain.run(new String[] {"--mapping", mapping.toString(), "--bind", "127.0.0.1", "--control", "127.0.0.1:0"}, err);
            assertThat(status).isEqualTo(1);
            assertThat(err()).contains("cannot listen on 127.0.0.1:" + busy.getLocalPort());
        }
    }

    @Test
    void pidFileIsWrittenAtomically() throws Exception {
        Path pid = dir.resolve("ipmapper.pid");
        IpMapperMain.writeAtomically(pid, "1234\n");
        assertThat(Files.readString(pid)).isEqualTo("1234\n");
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(pid);
        }
    }
}
