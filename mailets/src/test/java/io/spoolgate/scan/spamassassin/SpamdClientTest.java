package io.spoolgate.scan.spamassassin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.spoolgate.scan.Daemons;
import io.spoolgate.scan.ScannerEndpoint;
import io.spoolgate.scan.ScannerUnavailableException;
import io.spoolgate.scan.SilentServer;
import io.spoolgate.scan.TestMessages;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Against the real spamd started by bin/scanners. */
class SpamdClientTest {
    private final SpamdClient spamd = Daemons.spamd();

    private static InputStream bytes(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.ISO_8859_1));
    }

    @Test
    void gtubeScoresAboveKillWithRuleNames() throws Exception {
        SpamVerdict v = spamd.scan(bytes(TestMessages.plain("gtube", TestMessages.GTUBE)), Optional.empty()).orElseThrow();
        assertThat(v.score()).isGreaterThan(100.0);
        assertThat(v.requiredScore()).isEqualTo(5.0);
        assertThat(v.rules()).contains("GTUBE");
    }

    @Test
    void hamScoresLow() throws Exception {
        SpamVerdict v = spamd.scan(bytes(TestMessages.ofSize("Quarterly review", 4000)), Optional.of("bob")).orElseThrow();
        assertThat(v.score()).isLessThan(5.0);
    }

    @Test
    void largerThanMaxSizeIsNotSent() throws Exception {
        SpamdClient small = new SpamdClient(spamd.endpoint(), 1000);
        assertThat(small.scan(bytes(TestMessages.ofSize("big", 5000)), Optional.empty())).isEmpty();
    }

    @Test
    void learnsHam() throws Exception {
        String mail = TestMessages.ofSize("learn me " + System.nanoTime(), 2000);
        spamd.learn(bytes(mail), LearnClass.HAM, Optional.empty());
        assertThat(spamd.learn(bytes(mail), LearnClass.HAM, Optional.empty())).as("second TELL of the same mail").isFalse();
    }

    @Test
    void hungDaemonTimesOut() throws Exception {
        try (SilentServer silent = new SilentServer()) {
            SpamdClient hung = new SpamdClient(ScannerEndpoint.tcp("127.0.0.1", silent.port(), Duration.ofSeconds(1), Duration.ofMillis(300)), 512_000);
            assertThatThrownBy(() -> hung.scan(bytes(TestMessages.plain("x", "y")), Optional.empty()))
                .isInstanceOf(ScannerUnavailableException.class).hasMessageContaining("timed out");
        }
    }
}
