package io.spoolgate.mailets.scan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.spoolgate.scan.Daemons;
import io.spoolgate.scan.ScanSettings;
import io.spoolgate.scan.TestMessages;
import java.io.ByteArrayInputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import javax.mail.Session;
import javax.mail.internet.MimeMessage;
import org.apache.james.mailrepository.api.MailRepository;
import org.apache.james.mailrepository.api.MailRepositoryUrl;
import org.apache.james.queue.api.MailQueueFactory;
import org.apache.james.queue.api.RawMailQueueItemDecoratorFactory;
import org.apache.james.queue.memory.MemoryMailQueueFactory;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMailetConfig;
import org.junit.jupiter.api.Test;

/**
 * {@link ScanMail} with the real daemons (or an unreachable port) and James' in-memory queue and repositories:
 * deferral with attempts, exhaustion into the repository, fail-open, spool-origin mail, verdict attributes.
 */
class ScanMailTest {
    private final MemoryMailQueueFactory queues = new MemoryMailQueueFactory(new RawMailQueueItemDecoratorFactory());
    private final MemoryRepositories repositories = new MemoryRepositories();

    private static ScanningServices services(int clamdPort) {
        Properties p = new Properties();
        p.setProperty("clamd.port", String.valueOf(clamdPort));
        p.setProperty("spamd.port", String.valueOf(Daemons.SPAMD_PORT));
        p.setProperty("clamd.connectTimeout", "1s");
        return new ScanningServices(ScanSettings.parse(p));
    }

    private ScanMail mailet(ScanningServices services, String... params) throws Exception {
        ScanMail mailet = new ScanMail(services, queues, repositories);
        FakeMailetConfig.Builder config = FakeMailetConfig.builder().mailetName("ScanMail")
            .setProperty("exhaustedRepository", "memory://var/mail/scan-failed/");
        for (int i = 0; i < params.length; i += 2) {
            config.setProperty(params[i], params[i + 1]);
        }
        mailet.init(config.build());
        return mailet;
    }

    private static Mail mail(String raw) throws Exception {
        MimeMessage message = new MimeMessage(Session.getDefaultInstance(new Properties()),
            new ByteArrayInputStream(raw.getBytes(StandardCharsets.ISO_8859_1)));
        return FakeMail.builder().name("mail1").sender("alice@example.org").recipient("bob@example.com")
            .mimeMessage(message).state("scan").build();
    }

    private static int unusedPort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Test
    void recordsVerdictsAndHeaders() throws Exception {
        Daemons.clamd();
        Daemons.spamd();
        Mail mail = mail(TestMessages.plain("Hello", TestMessages.EICAR));
        mailet(services(Daemons.CLAMD_PORT)).service(mail);
        assertThat(ScanAttributes.string(mail, ScanAttributes.VIRUS)).contains("infected");
        assertThat(ScanAttributes.string(mail, ScanAttributes.VIRUS_NAMES)).hasValueSatisfying(v -> assertThat(v).contains("EICAR"));
        assertThat(mail.getMessage().getHeader("X-Virus-Scanned")).isNotNull();
        assertThat(mail.getState()).isEqualTo("scan");
    }

    @Test
    void scannerDownDefersWithAttemptsThenStoresInTheExhaustedRepository() throws Exception {
        ScanMail mailet = mailet(services(unusedPort()), "retryDelays", "1s", "maxRetries", "2");
        Mail mail = mail(TestMessages.plain("Hello", "body"));

        mailet.service(mail);
        assertThat(mail.getState()).isEqualTo(Mail.GHOST);
        assertThat(queues.getQueue(MailQueueFactory.SPOOL).orElseThrow().getSize()).isEqualTo(1);

        Mail second = mail(TestMessages.plain("Hello", "body"));
        second.setAttribute(new Attribute(ScanAttributes.ATTEMPTS, AttributeValue.of(2)));
        mailet.service(second);
        assertThat(second.getState()).isEqualTo(Mail.GHOST);
        MailRepository failed = repositories.select(MailRepositoryUrl.from("memory://var/mail/scan-failed/"));
        assertThat(failed.size()).isEqualTo(1);
        assertThat(queues.getQueue(MailQueueFactory.SPOOL).orElseThrow().getSize()).as("not re-enqueued").isEqualTo(1);
    }

    @Test
    void failOpenMarksUncheckedAndContinues() throws Exception {
        Mail mail = mail(TestMessages.plain("Hello", "body"));
        mailet(services(unusedPort()), "failOpen", "true").service(mail);
        assertThat(mail.getState()).isEqualTo("scan");
        assertThat(ScanAttributes.string(mail, ScanAttributes.VIRUS)).contains("unchecked");
    }

    @Test
    void spoolOriginIsNotScannedByDefault() throws Exception {
        Mail mail = mail(TestMessages.plain("From the VM spool", TestMessages.EICAR));
        mail.setAttribute(new Attribute(ScanAttributes.ORIGIN, AttributeValue.of("spool")));
        mailet(services(unusedPort())).service(mail);
        assertThat(mail.getState()).isEqualTo("scan");
        assertThat(ScanAttributes.scanned(mail)).isFalse();
    }

    @Test
    void badParametersAreRejected() {
        assertThatThrownBy(() -> mailet(services(3310), "tooLarge", "maybe")).hasMessageContaining("tooLarge");
        assertThatThrownBy(() -> mailet(services(3310), "retryDelays", "soon")).hasMessageContaining("retryDelays");
        assertThatThrownBy(() -> mailet(services(3310), "maxRetries", "x")).hasMessageContaining("maxRetries");
    }
}
