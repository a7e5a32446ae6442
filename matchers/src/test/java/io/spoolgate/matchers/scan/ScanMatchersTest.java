package io.spoolgate.matchers.scan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.spoolgate.mailets.scan.ScanAttributes;
import io.spoolgate.mailets.scan.ScanningServices;
import io.spoolgate.scan.ScanSettings;
import io.spoolgate.scan.spamassassin.SpamVerdict;
import java.util.List;
import java.util.Properties;
import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.apache.mailet.Mail;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMatcherConfig;
import org.apache.mailet.Matcher;
import org.junit.jupiter.api.Test;

/** The scan matchers on fake mails carrying scan attributes (no daemons needed). */
class ScanMatchersTest {
    private final ScanningServices services = new ScanningServices(ScanSettings.parse(properties(
        "policy.lenient.kill", "50", "policy.lenient.spamDestiny", "BOUNCE", "policy.lenient.dsnCutoff", "30",
        "recipient.lenient@example.com", "lenient",
        "policy.remover.virusDestiny", "REMOVE", "recipient.remover@example.com", "remover")));

    private static Properties properties(String... kv) {
        Properties p = new Properties();
        for (int i = 0; i < kv.length; i += 2) {
            p.setProperty(kv[i], kv[i + 1]);
        }
        return p;
    }

    private static Mail mail(String sender, String... recipients) throws Exception {
        FakeMail.Builder b = FakeMail.builder().name("m").recipients(recipients);
        if (sender == null) {
            b.sender(MaybeSender.nullSender());
        } else {
            b.sender(sender);
        }
        return b.build();
    }

    private static <T extends Matcher> T init(T matcher, String condition) throws Exception {
        matcher.init(FakeMatcherConfig.builder().matcherName("m").condition(condition).build());
        return matcher;
    }

    private static List<String> match(Matcher matcher, Mail mail) throws Exception {
        var result = matcher.match(mail);
        return result == null ? List.of() : result.stream().map(MailAddress::asString).toList();
    }

    private static Mail scored(double score, String sender, String... recipients) throws Exception {
        Mail m = mail(sender, recipients);
        ScanAttributes.set(m, ScanAttributes.VIRUS, "clean");
        ScanAttributes.setSpamVerdict(m, new SpamVerdict(score, 5.0, List.of("RULE")));
        return m;
    }

    @Test
    void spamScoreAboveUsesEachRecipientsPolicy() throws Exception {
        Mail m = scored(20.0, "a@example.org", "bob@example.com", "lenient@example.com");
        assertThat(match(init(new SpamScoreAbove(services), "kill"), m)).containsExactly("bob@example.com");
        assertThat(match(init(new SpamScoreAbove(services), "tag2"), m)).containsExactly("bob@example.com", "lenient@example.com");
        assertThat(match(init(new SpamScoreAbove(services), "25.5"), m)).isEmpty();
        assertThat(match(init(new SpamScoreAbove(services), "kill"), mail("a@example.org", "bob@example.com"))).isEmpty();
        assertThatThrownBy(() -> init(new SpamScoreAbove(services), "lots")).hasMessageContaining("tag|tag2|kill");
    }

    @Test
    void destinyFollowsPrecedenceAndPolicy() throws Exception {
        Mail infected = scored(20.0, "a@example.org", "bob@example.com", "remover@example.com");
        ScanAttributes.set(infected, ScanAttributes.VIRUS, "infected");
        assertThat(match(init(new ScanDestinyIs(services), "virus:QUARANTINE"), infected)).containsExactly("bob@example.com");
        assertThat(match(init(new ScanDestinyIs(services), "virus:REMOVE"), infected)).containsExactly("remover@example.com");
        assertThat(match(init(new ScanDestinyIs(services), "spam:DISCARD"), infected)).as("virus wins over spam").isEmpty();
        assertThat(match(init(new IsInfected(), null), infected)).hasSize(2);
    }

    @Test
    void bounceBecomesDiscardAboveTheDsnCutoffOrForNullSenders() throws Exception {
        Matcher bounce = init(new ScanDestinyIs(services), "spam:BOUNCE");
        Matcher discard = init(new ScanDestinyIs(services), "spam:DISCARD");
        assertThat(match(bounce, scored(60.0, "a@example.org", "lenient@example.com"))).isEmpty();
        assertThat(match(discard, scored(60.0, "a@example.org", "lenient@example.com"))).containsExactly("lenient@example.com");
        assertThat(match(bounce, scored(55.0, null, "lenient@example.com"))).isEmpty();
        // below the cut-off (30) the kill level (50) is not reached: no spam destiny at all
        assertThat(match(bounce, scored(25.0, "a@example.org", "lenient@example.com"))).isEmpty();
        ScanDestinyIs lowCutoff = new ScanDestinyIs(new ScanningServices(ScanSettings.parse(properties(
            "policy.default.spamDestiny", "BOUNCE", "policy.default.dsnCutoff", "100"))));
        assertThat(match(init(lowCutoff, "spam:BOUNCE"), scored(20.0, "a@example.org", "bob@example.com"))).containsExactly("bob@example.com");
    }

    @Test
    void bannedAndUncheckedMatchers() throws Exception {
        Mail m = mail("a@example.org", "bob@example.com");
        assertThat(match(init(new HasBannedAttachment(), null), m)).isEmpty();
        ScanAttributes.set(m, ScanAttributes.BANNED, "x.pdf.exe (double extension .pdf.exe)");
        assertThat(match(init(new HasBannedAttachment(), null), m)).containsExactly("bob@example.com");
        assertThat(match(init(new ScanDestinyIs(services), "banned:QUARANTINE"), m)).containsExactly("bob@example.com");

        Mail unchecked = mail("a@example.org", "bob@example.com");
        ScanAttributes.set(unchecked, ScanAttributes.VIRUS, "unchecked");
        assertThat(match(init(new IsScanUnchecked(), null), unchecked)).containsExactly("bob@example.com");
        assertThat(match(init(new IsScanUnchecked(), "spam"), unchecked)).isEmpty();
    }

    @Test
    void badConditionsAreRejected() {
        assertThatThrownBy(() -> init(new ScanDestinyIs(services), "virus")).hasMessageContaining("category:DESTINY");
        assertThatThrownBy(() -> init(new ScanDestinyIs(services), "virus:BURN")).hasMessageContaining("unknown destiny");
        assertThatThrownBy(() -> init(new ScanDestinyIs(services), "clean:PASS")).hasMessageContaining("virus, banned or spam");
    }

    @Test
    void spamAtOrAboveTheQuarantineCutoffIsDiscardedNotQuarantinedAndCountedOnce() throws Exception {
        ScanningServices cutoff = new ScanningServices(ScanSettings.parse(properties(
            "policy.default.spamDestiny", "QUARANTINE", "policy.default.quarantineCutoff", "20",
            "policy.keep.quarantineCutoff", "none", "recipient.keep@example.com", "keep")));
        Matcher quarantine = init(new ScanDestinyIs(cutoff), "spam:QUARANTINE");
        Matcher discard = init(new ScanDestinyIs(cutoff), "spam:DISCARD");

        Mail below = scored(15.0, "a@example.org", "bob@example.com");
        assertThat(match(quarantine, below)).containsExactly("bob@example.com");
        assertThat(match(discard, below)).isEmpty();

        Mail at = scored(20.0, "a@example.org", "bob@example.com", "keep@example.com");
        assertThat(match(quarantine, at)).as("keep has no cut-off").containsExactly("keep@example.com");
        assertThat(match(discard, at)).containsExactly("bob@example.com");
        assertThat(match(discard, at)).containsExactly("bob@example.com");
        assertThat(at.getAttribute(ScanDestinyIs.QUARANTINE_CUTOFF)).isPresent();
        assertThat(cutoff.counters().snapshot()).containsEntry("spam.quarantineCutoff", 1L);
        assertThat(below.getAttribute(ScanDestinyIs.QUARANTINE_CUTOFF)).isEmpty();
    }

    @Test
    void eachRecipientsOwnVerdictIsUsedBeforeTheSplit() throws Exception {
        Mail m = scored(1.0, "a@example.org", "bob@example.com", "carol@example.com");
        ScanAttributes.setRecipientVerdicts(m, java.util.Map.of("carol@example.com", new SpamVerdict(12.0, 5.0, List.of("X"))));
        assertThat(match(init(new SpamScoreAbove(services), "kill"), m)).containsExactly("carol@example.com");
        assertThat(match(init(new ScanDestinyIs(services), "spam:DISCARD"), m)).containsExactly("carol@example.com");
    }
}
