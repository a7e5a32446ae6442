package io.spoolgate.scan.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Properties;
import org.junit.jupiter.api.Test;

class ScanPoliciesTest {
    private static Properties props(String... kv) {
        Properties p = new Properties();
        for (int i = 0; i < kv.length; i += 2) {
            p.setProperty(kv[i], kv[i + 1]);
        }
        return p;
    }

    @Test
    void defaultsAreTheSeedProducts() {
        ThresholdPolicy p = ScanPolicies.defaults().forRecipient("anyone@example.com");
        assertThat(p.tag()).isEqualTo(0.0);
        assertThat(p.tag2()).isEqualTo(5.0);
        assertThat(p.kill()).isEqualTo(10.0);
        assertThat(p.subjectTag()).isEqualTo("***SPAM*** ");
        assertThat(p.spamDestiny()).isEqualTo(Destiny.DISCARD);
        assertThat(p.virusDestiny()).isEqualTo(Destiny.QUARANTINE);
        assertThat(p.bannedDestiny()).isEqualTo(Destiny.QUARANTINE);
    }

    @Test
    void lookupOrderIsAddressThenLocalPartThenDomainThenParentDomains() {
        ScanPolicies policies = ScanPolicies.parse(props(
            "policy.a.kill", "11", "policy.b.kill", "12", "policy.c.kill", "13", "policy.d.kill", "14",
            "recipient.boss@example.com", "a", "recipient.abuse@", "b", "recipient.example.com", "c",
            "recipient..example.net", "d"));
        assertThat(policies.forRecipient("Boss@Example.com").name()).isEqualTo("a");
        assertThat(policies.forRecipient("abuse@example.com").name()).isEqualTo("b");
        assertThat(policies.forRecipient("joe@example.com").name()).isEqualTo("c");
        assertThat(policies.forRecipient("joe@mail.sub.example.net").name()).isEqualTo("d");
        assertThat(policies.forRecipient("joe@example.net").name()).isEqualTo("d"); // ".dom" covers the domain itself too, as in amavis
        assertThat(policies.forRecipient("joe@notexample.net").name()).isEqualTo("default");
        assertThat(policies.forRecipient("joe@other.org").name()).isEqualTo("default");
    }

    @Test
    void policiesInheritFromDefault() {
        ScanPolicies policies = ScanPolicies.parse(props("policy.default.tag2", "4.0", "policy.default.kill", "8",
            "policy.strict.kill", "6", "policy.strict.spamDestiny", "quarantine"));
        ThresholdPolicy strict = policies.named("strict");
        assertThat(strict.tag2()).isEqualTo(4.0);
        assertThat(strict.kill()).isEqualTo(6.0);
        assertThat(strict.spamDestiny()).isEqualTo(Destiny.QUARANTINE);
        assertThat(policies.defaultPolicy().kill()).isEqualTo(8.0);
    }

    @Test
    void badConfigurationNamesTheKey() {
        assertThatThrownBy(() -> ScanPolicies.parse(props("policy.x.kill", "ten")))
            .hasMessageContaining("policy.x.kill");
        assertThatThrownBy(() -> ScanPolicies.parse(props("recipient.a@b.c", "nope")))
            .hasMessageContaining("no policy named 'nope'");
        assertThatThrownBy(() -> ScanPolicies.parse(props("policy.x.spamDestiny", "BURN")))
            .hasMessageContaining("policy.x.spamDestiny");
        assertThatThrownBy(() -> ScanPolicies.parse(props("policy.x.tag2", "20")))
            .hasMessageContaining("tag <= tag2 <= kill");
        assertThatThrownBy(() -> ScanPolicies.parse(props("policy.x.kil", "20")))
            .hasMessageContaining("unknown policy setting 'policy.x.kil'");
    }

    @Test
    void levels() {
        ThresholdPolicy p = ThresholdPolicy.DEFAULT;
        assertThat(p.levelOf(-1.0)).isEqualTo(SpamLevel.NONE);
        assertThat(p.levelOf(0.0)).isEqualTo(SpamLevel.TAG);
        assertThat(p.levelOf(5.0)).isEqualTo(SpamLevel.TAG2);
        assertThat(p.levelOf(9.99)).isEqualTo(SpamLevel.TAG2);
        assertThat(p.levelOf(10.0)).isEqualTo(SpamLevel.KILL);
    }

    @Test
    void spamdUserDefaultsToTheGlobalUserAndIsInherited() {
        assertThat(ScanPolicies.defaults().defaultPolicy().spamdUser().userFor("bob@example.com")).isEmpty();
        ScanPolicies policies = ScanPolicies.parse(props("spamd.user", "spoolgate", "policy.team.spamdUser", "%l",
            "policy.team2.kill", "20", "policy.fixed.spamdUser", "sa"));
        assertThat(policies.named("default").spamdUser().userFor("bob@example.com")).contains("spoolgate");
        assertThat(policies.named("team2").spamdUser().userFor("bob@example.com")).contains("spoolgate");
        assertThat(policies.named("team").spamdUser().userFor("Bob@example.com")).contains("bob");
        assertThat(policies.named("fixed").spamdUser().userFor("bob@example.com")).contains("sa");
        assertThat(ScanPolicies.parse(props("spamd.user", "x", "policy.none.spamdUser", "")).named("none")
            .spamdUser().userFor("bob@example.com")).as("empty: no User:").isEmpty();
        assertThatThrownBy(() -> ScanPolicies.parse(props("policy.team.spamdUser", "%x"))).hasMessageContaining("policy.team.spamdUser");
    }

    @Test
    void quarantineCutoffIsUnsetByDefaultInheritedAndClearable() {
        assertThat(ScanPolicies.defaults().defaultPolicy().quarantineCutoff()).isEmpty();
        assertThat(ScanPolicies.defaults().defaultPolicy().beyondQuarantineCutoff(1000)).isFalse();
        ScanPolicies policies = ScanPolicies.parse(props("policy.default.quarantineCutoff", "20",
            "policy.lenient.kill", "15", "policy.keepall.quarantineCutoff", "none"));
        assertThat(policies.named("lenient").beyondQuarantineCutoff(20.0)).as("at the cut-off").isTrue();
        assertThat(policies.named("lenient").beyondQuarantineCutoff(19.9)).isFalse();
        assertThat(policies.named("keepall").quarantineCutoff()).isEmpty();
        assertThatThrownBy(() -> ScanPolicies.parse(props("policy.default.quarantineCutoff", "high")))
            .hasMessageContaining("policy.default.quarantineCutoff");
    }
}
