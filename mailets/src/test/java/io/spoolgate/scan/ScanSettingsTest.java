package io.spoolgate.scan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.spoolgate.scan.policy.ThresholdPolicy;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class ScanSettingsTest {
    @Test
    void shippedSampleParsesToTheDefaults() throws Exception {
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(Path.of("../james-conf/scanners/scanning.properties"))) {
            p.load(in);
        }
        ScanSettings settings = ScanSettings.parse(p);
        assertThat(settings.policies().defaultPolicy()).isEqualTo(ThresholdPolicy.DEFAULT);
        assertThat(settings.clamd().endpoint()).hasToString("127.0.0.1:3310");
        assertThat(settings.spamd().endpoint()).hasToString("127.0.0.1:783");
        assertThat(settings.spamd().maxSize()).isEqualTo(512_000);
        assertThat(settings.retention()).isEqualTo(Duration.ofDays(7));
        assertThat(settings.quarantineRepositories()).hasSize(3);
        assertThat(ScanSettings.parse(new Properties()).policies().defaultPolicy()).isEqualTo(ThresholdPolicy.DEFAULT);
    }

    @Test
    void unixSocketAndBadValues() {
        Properties p = new Properties();
        p.setProperty("clamd.socket", "/run/clamd.sock");
        assertThat(ScanSettings.parse(p).clamd().endpoint()).hasToString("unix:/run/clamd.sock");
        p.setProperty("spamd.timeout", "soon");
        assertThatThrownBy(() -> ScanSettings.parse(p)).hasMessageContaining("spamd.timeout").hasMessageContaining("soon");
        p.remove("spamd.timeout");
        p.setProperty("spamd.maxSize", "big");
        assertThatThrownBy(() -> ScanSettings.parse(p)).hasMessageContaining("spamd.maxSize");
    }

    @Test
    void durationsAndRetention() {
        assertThat(Durations.parse("500ms", "k")).isEqualTo(Duration.ofMillis(500));
        assertThat(Durations.parse("90", "k")).isEqualTo(Duration.ofSeconds(90));
        assertThat(Durations.parseList("1m, 5m,1h", "k")).containsExactly(Duration.ofMinutes(1), Duration.ofMinutes(5), Duration.ofHours(1));
        RetentionRule rule = new RetentionRule(Duration.ofDays(7));
        java.time.Instant now = java.time.Instant.parse("2026-11-24T00:00:00Z");
        assertThat(rule.expired(now.minus(Duration.ofDays(8)), now)).isTrue();
        assertThat(rule.expired(now.minus(Duration.ofDays(6)), now)).isFalse();
        assertThat(rule.expired(null, now)).isFalse();
        assertThatThrownBy(() -> new RetentionRule(Duration.ZERO)).hasMessageContaining("positive");
    }
}
