package io.spoolgate.scan.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.spoolgate.scan.spamassassin.SpamVerdict;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SpamHeadersTest {
    @Test
    void amavisStyleHeadersAtTag() {
        Map<String, String> h = SpamHeaders.of(new SpamVerdict(3.142, 5.0, List.of("RULE_A", "RULE_B")), ThresholdPolicy.DEFAULT);
        assertThat(h).containsExactly(
            Map.entry("X-Spam-Flag", "NO"),
            Map.entry("X-Spam-Score", "3.142"),
            Map.entry("X-Spam-Level", "***"),
            Map.entry("X-Spam-Status", "No, score=3.142 tagged_above=0.000 required=5.000 tests=[RULE_A, RULE_B]"));
    }

    @Test
    void flagAtTag2AndStarsCappedAt64() {
        Map<String, String> h = SpamHeaders.of(new SpamVerdict(1000.0, 5.0, List.of("GTUBE")), ThresholdPolicy.DEFAULT);
        assertThat(h.get("X-Spam-Flag")).isEqualTo("YES");
        assertThat(h.get("X-Spam-Level")).hasSize(64);
        assertThat(h.get("X-Spam-Status")).startsWith("Yes, score=1000.000");
    }

    @Test
    void nothingBelowTag() {
        assertThat(SpamHeaders.of(new SpamVerdict(-0.5, 5.0, List.of()), ThresholdPolicy.DEFAULT)).isEmpty();
        assertThat(SpamHeaders.level(-3)).isEmpty();
    }

    @Test
    void subjectTagIsNotDoubled() {
        assertThat(SpamHeaders.tagSubject("Hello", "***SPAM*** ")).isEqualTo("***SPAM*** Hello");
        assertThat(SpamHeaders.tagSubject("***SPAM*** Hello", "***SPAM*** ")).isEqualTo("***SPAM*** Hello");
        assertThat(SpamHeaders.tagSubject(null, "***SPAM*** ")).isEqualTo("***SPAM*** ");
    }
}
