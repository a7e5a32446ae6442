package io.spoolgate.scan.clamav;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.spoolgate.scan.Daemons;
import io.spoolgate.scan.ScannerEndpoint;
import io.spoolgate.scan.ScannerUnavailableException;
import io.spoolgate.scan.SilentServer;
import io.spoolgate.scan.TestMessages;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Against the real clamd started by bin/scanners. */
class ClamdClientTest {
    private final ClamdClient clamd = Daemons.clamd();

    private static InputStream bytes(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.ISO_8859_1));
    }

    @Test
    void eicarInPlainBody() throws Exception {
        VirusScanResult r = clamd.scan(bytes(TestMessages.plain("eicar", TestMessages.EICAR)));
        assertThat(r.infected()).isTrue();
        assertThat(r.virusNames()).singleElement().asString().contains("EICAR");
    }

    @Test
    void eicarInBase64Attachment() throws Exception {
        String mail = TestMessages.withAttachment("eicar b64", "filename=\"eicar.com\"", TestMessages.EICAR.getBytes(StandardCharsets.US_ASCII));
        assertThat(mail).doesNotContain("EICAR-STANDARD");
        assertThat(clamd.scan(bytes(mail)).infected()).isTrue();
    }

    @Test
    void eicarInZipAttachment() throws Exception {
        String mail = TestMessages.withAttachment("eicar zip", "filename=\"docs.zip\"", TestMessages.zip("eicar.txt", TestMessages.EICAR));
        assertThat(clamd.scan(bytes(mail)).infected()).isTrue();
    }

    @Test
    void cleanMailIsClean() throws Exception {
        assertThat(clamd.scan(bytes(TestMessages.ofSize("clean", 200_000))).status()).isEqualTo(VirusScanResult.Status.CLEAN);
    }

    @Test
    void unixSocketWorksToo() throws Exception {
        ClamdClient overSocket = new ClamdClient(ScannerEndpoint.unix(Daemons.clamdSocket(), Duration.ofSeconds(2), Duration.ofSeconds(20)), 8192);
        assertThat(overSocket.ping()).isTrue();
        assertThat(overSocket.version()).startsWith("ClamAV");
        assertThat(overSocket.scan(bytes(TestMessages.plain("eicar", TestMessages.EICAR))).infected()).isTrue();
    }

    @Test
    void overStreamMaxLengthIsTooLargeNotAnError() throws Exception {
        // the shipped clamd.conf has StreamMaxLength 50M: stream 51 MB of zeros without holding them in memory
        InputStream huge = new InputStream() {
            long left = 51L * 1024 * 1024;

            @Override
            public int read() {
                return left-- > 0 ? 0 : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (left <= 0) {
                    return -1;
                }
                int n = (int) Math.min(len, left);
                java.util.Arrays.fill(b, off, off + n, (byte) 'a');
                left -= n;
                return n;
            }
        };
        assertThat(clamd.scan(huge).status()).isEqualTo(VirusScanResult.Status.TOO_LARGE);
    }

    @Test
    void refusedConnectionIsUnavailable() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        ClamdClient down = new ClamdClient(ScannerEndpoint.tcp("127.0.0.1", port, Duration.ofSeconds(1), Duration.ofSeconds(1)), 4096);
        assertThatThrownBy(() -> down.scan(bytes("x"))).isInstanceOf(ScannerUnavailableException.class)
            .hasMessageContaining("127.0.0.1:" + port);
    }

    @Test
    void hungDaemonTimesOut() throws Exception {
        try (SilentServer silent = new SilentServer()) {
            ClamdClient hung = new ClamdClient(ScannerEndpoint.tcp("127.0.0.1", silent.port(), Duration.ofSeconds(1), Duration.ofMillis(300)), 4096);
            assertThatThrownBy(() -> hung.scan(bytes("hello"))).isInstanceOf(ScannerUnavailableException.class)
                .hasMessageContaining("timed out");
        }
    }
}
