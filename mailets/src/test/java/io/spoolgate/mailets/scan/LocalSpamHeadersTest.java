package io.spoolgate.mailets.scan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.spoolgate.scan.ScanSettings;
import io.spoolgate.scan.TestMessages;
import io.spoolgate.scan.spamassassin.SpamVerdict;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import javax.mail.Session;
import javax.mail.internet.MimeMessage;
import org.apache.james.core.MailAddress;
import org.apache.james.queue.api.MailQueueFactory;
import org.apache.james.queue.api.RawMailQueueItemDecoratorFactory;
import org.apache.james.queue.memory.MemoryMailQueueFactory;
import org.apache.mailet.Mail;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMailContext;
import org.apache.mailet.base.test.FakeMailetConfig;
import org.junit.jupiter.api.Test;

/**
 * {@code spam.headers=local|all}: X-Spam-* headers (and subject tag, defanging) only for recipients in a local domain
 * (FakeMailContext's only local domain is {@code localhost}), with the split separating local from remote recipients.
 */
class LocalSpamHeadersTest {
    private final MemoryMailQueueFactory queues = new MemoryMailQueueFactory(new RawMailQueueItemDecoratorFactory());

    private static ScanningServices services(String... kv) {
        Properties p = new Properties();
        p.setProperty("policy.default.defang", "false");
        for (int i = 0; i < kv.length; i += 2) {
            p.setProperty(kv[i], kv[i + 1]);
        }
        return new ScanningServices(ScanSettings.parse(p));
    }

    private static Mail scored(double score, String... recipients) throws Exception {
        MimeMessage message = new MimeMessage(Session.getDefaultInstance(new Properties()),
            new ByteArrayInputStream(TestMessages.plain("Offer", "body").getBytes(StandardCharsets.ISO_8859_1)));
        Mail mail = FakeMail.builder().name("m").sender("alice@example.org").recipients(recipients)
            .mimeMessage(message).state("scan").build();
        ScanAttributes.set(mail, ScanAttributes.VIRUS, "clean");
        ScanAttributes.setSpamVerdict(mail, new SpamVerdict(score, 5.0, List.of("RULE")));
        return mail;
    }

    private static TagSpam tagSpam(ScanningServices services) throws Exception {
        TagSpam mailet = new TagSpam(services);
        mailet.init(FakeMailetConfig.builder().mailetName("TagSpam").mailetContext(FakeMailContext.defaultContext()).build());
        return mailet;
    }

    @Test
    void localRecipientsAreTaggedAsBefore() throws Exception {
        Mail mail = scored(6.0, "bob@localhost");
        tagSpam(services()).service(mail);
        assertThat(mail.getMessage().getHeader("X-Spam-Flag")).containsExactly("YES");
        assertThat(mail.getMessage().getHeader("X-Spam-Status")[0]).startsWith("Yes, score=6.000");
        assertThat(mail.getMessage().getSubject()).isEqualTo("***SPAM*** Offer");
    }

    @Test
    void remoteRecipientsGetNoSpamHeadersByDefaultButDoWithAll() throws Exception {
        Mail remote = scored(6.0, "joe@remote.example");
        tagSpam(services()).service(remote);
        assertThat(remote.getMessage().getHeader("X-Spam-Flag")).isNull();
        assertThat(remote.getMessage().getHeader("X-Spam-Status")).isNull();
        assertThat(remote.getMessage().getSubject()).isEqualTo("Offer");

        Mail all = scored(6.0, "joe@remote.example");
        tagSpam(services("spam.headers", "all")).service(all);
        assertThat(all.getMessage().getHeader("X-Spam-Flag")).containsExactly("YES");
    }

    @Test
    void aMailToALocalAndARemoteRecipientGetsHeadersOnlyOnTheLocalCopy() throws Exception {
        ScanningServices services = services();
        Mail mail = scored(3.0, "joe@remote.example", "bob@localhost");
        SplitByScanPolicy split = new SplitByScanPolicy(services, queues);
        split.init(FakeMailetConfig.builder().mailetName("Split").mailetContext(FakeMailContext.defaultContext()).build());
        split.service(mail);
        List<Mail> copies = new ArrayList<>();
        copies.add(mail);
        queues.getQueue(MailQueueFactory.SPOOL).orElseThrow().browse().forEachRemaining(i -> copies.add(i.getMail()));
        assertThat(copies).hasSize(2);
        TagSpam tag = tagSpam(services);
        for (Mail copy : copies) {
            tag.service(copy);
        }
        for (Mail copy : copies) {
            String rcpt = copy.getRecipients().stream().map(MailAddress::asString).reduce("", String::concat);
            boolean tagged = copy.getMessage().getHeader("X-Spam-Status") != null;
            assertThat(tagged).as(rcpt).isEqualTo(rcpt.equals("bob@localhost"));
        }
    }

    @Test
    void badScopeNamesTheKey() {
        assertThatThrownBy(() -> services("spam.headers", "everyone")).hasMessageContaining("spam.headers");
    }
}
