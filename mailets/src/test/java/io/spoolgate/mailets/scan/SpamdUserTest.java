package io.spoolgate.mailets.scan;

import static org.assertj.core.api.Assertions.assertThat;

import io.spoolgate.scan.Daemons;
import io.spoolgate.scan.FakeSpamd;
import io.spoolgate.scan.ScanSettings;
import io.spoolgate.scan.TestMessages;
import io.spoolgate.scan.spamassassin.SpamVerdict;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.mail.Session;
import javax.mail.internet.MimeMessage;
import org.apache.james.core.MailAddress;
import org.apache.james.queue.api.MailQueueFactory;
import org.apache.james.queue.api.ManageableMailQueue;
import org.apache.james.queue.api.RawMailQueueItemDecoratorFactory;
import org.apache.james.queue.memory.MemoryMailQueueFactory;
import org.apache.mailet.Mail;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMailContext;
import org.apache.mailet.base.test.FakeMailetConfig;
import org.junit.jupiter.api.Test;

/**
 * Per-policy spamd users ({@code policy.<name>.spamdUser}): spamd is called once per distinct user among the
 * recipients, each recipient gets its user's verdict, and {@link SplitByScanPolicy} gives each verdict its own copy.
 */
class SpamdUserTest {
    private final MemoryMailQueueFactory queues = new MemoryMailQueueFactory(new RawMailQueueItemDecoratorFactory());

    private static ScanningServices services(int spamdPort, String... kv) {
        Properties p = new Properties();
        p.setProperty("spamd.port", String.valueOf(spamdPort));
        p.setProperty("spam.headers", "all");
        for (int i = 0; i < kv.length; i += 2) {
            p.setProperty(kv[i], kv[i + 1]);
        }
        return new ScanningServices(ScanSettings.parse(p));
    }

    private ScanMail scanMail(ScanningServices services) throws Exception {
        ScanMail mailet = new ScanMail(services, queues, new MemoryRepositories());
        mailet.init(FakeMailetConfig.builder().mailetName("ScanMail").setProperty("virus", "false")
            .setProperty("banned", "false").build());
        return mailet;
    }

    private static Mail mail(String... recipients) throws Exception {
        MimeMessage message = new MimeMessage(Session.getDefaultInstance(new Properties()),
            new ByteArrayInputStream(TestMessages.plain("Hello", "body").getBytes(StandardCharsets.ISO_8859_1)));
        return FakeMail.builder().name("mail1").sender("alice@example.org").recipients(recipients)
            .mimeMessage(message).state("scan").build();
    }

    private static double score(Mail mail, String recipient) throws Exception {
        return ScanAttributes.spamVerdict(mail, new MailAddress(recipient)).map(SpamVerdict::score).orElseThrow();
    }

    @Test
    void spamdIsCalledOncePerDistinctUserAndEachRecipientGetsItsUsersVerdict() throws Exception {
        try (FakeSpamd spamd = new FakeSpamd().score("shared", 1.0).score("carol", 12.0).score("dave", 6.0)) {
            ScanningServices services = services(spamd.port(), "policy.default.spamdUser", "shared",
                "policy.team.spamdUser", "%l", "recipient.team.example", "team");
            Mail mail = mail("ann@example.com", "bob@example.com", "carol@team.example", "dave@team.example",
                "Carol@Team.example");
            scanMail(services).service(mail);

            assertThat(spamd.users()).containsExactly("shared", "carol", "dave");
            assertThat(score(mail, "ann@example.com")).isEqualTo(1.0);
            assertThat(score(mail, "bob@example.com")).isEqualTo(1.0);
            assertThat(score(mail, "carol@team.example")).isEqualTo(12.0);
            assertThat(score(mail, "dave@team.example")).isEqualTo(6.0);
            assertThat(ScanAttributes.spamVerdict(mail)).as("the mail's verdict is the first recipient's")
                .map(SpamVerdict::score).contains(1.0);
            assertThat(services.counters().snapshot()).containsEntry("spamd.call", 3L);
        }
    }

    @Test
    void splitGivesEachVerdictItsOwnCopyWithinAPolicy() throws Exception {
        try (FakeSpamd spamd = new FakeSpamd().score("shared", 1.0).score("carol", 12.0).score("dave", 6.0)) {
            ScanningServices services = services(spamd.port(), "policy.default.spamdUser", "shared",
                "policy.team.spamdUser", "%l", "recipient.team.example", "team");
            Mail mail = mail("ann@example.com", "carol@team.example", "bob@example.com", "dave@team.example");
            scanMail(services).service(mail);
            SplitByScanPolicy split = new SplitByScanPolicy(services, queues);
            split.init(FakeMailetConfig.builder().mailetName("Split").mailetContext(FakeMailContext.defaultContext()).build());
            split.service(mail);

            assertThat(mail.getRecipients()).extracting(MailAddress::asString).containsExactly("ann@example.com", "bob@example.com");
            assertThat(ScanAttributes.string(mail, SplitByScanPolicy.POLICY)).contains("default");
            assertThat(mail.getAttribute(ScanAttributes.SPAM_VERDICTS)).isEmpty();
            List<String> copies = new ArrayList<>();
            ManageableMailQueue queue = queues.getQueue(MailQueueFactory.SPOOL).orElseThrow();
            queue.browse().forEachRemaining(item -> {
                Mail copy = item.getMail();
                copies.add(copy.getRecipients().iterator().next().asString() + " "
                    + ScanAttributes.string(copy, SplitByScanPolicy.POLICY).orElseThrow() + " "
                    + ScanAttributes.spamVerdict(copy).orElseThrow().score() + " "
                    + copy.getAttribute(ScanAttributes.SPAM_VERDICTS).isPresent());
            });
            assertThat(copies).containsExactly("carol@team.example team 12.0 false", "dave@team.example team 6.0 false");
        }
    }

    @Test
    void theGlobalSpamdUserIsTheDefaultAndNoneSendsNoUserHeader() throws Exception {
        try (FakeSpamd spamd = new FakeSpamd()) {
            scanMail(services(spamd.port(), "spamd.user", "spoolgate", "policy.other.kill", "20",
                "recipient.other.example", "other")).service(mail("ann@example.com", "bob@other.example"));
            scanMail(services(spamd.port())).service(mail("ann@example.com", "bob@example.com"));
            assertThat(spamd.users()).containsExactly("spoolgate", "");
        }
    }

    @Test
    void aUserHeaderReachesTheRealSpamdAndAVerdictComesBack() throws Exception {
        Daemons.spamd();
        try (ServerSocket relay = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<String> request = CompletableFuture.supplyAsync(() -> relayOnce(relay, Daemons.SPAMD_PORT));
            ScanningServices services = services(relay.getLocalPort(), "policy.default.spamdUser", "%l");
            Mail mail = mail("nobody@example.com");
            scanMail(services).service(mail);
            assertThat(request.get(30, TimeUnit.SECONDS)).startsWith("SYMBOLS SPAMC/1.5\r\n").contains("\r\nUser: nobody\r\n");
            assertThat(ScanAttributes.string(mail, ScanAttributes.SPAM)).contains("scored");
            assertThat(ScanAttributes.spamVerdict(mail)).hasValueSatisfying(v -> assertThat(v.score()).isLessThan(5.0));
        }
    }

    /** Forwards one connection to spamd and returns the request head the client sent (up to the blank line). */
    private static String relayOnce(ServerSocket relay, int targetPort) {
        try (Socket client = relay.accept(); Socket upstream = new Socket(InetAddress.getLoopbackAddress(), targetPort)) {
            InputStream in = client.getInputStream();
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
                int b = in.read();
                if (b < 0) {
                    break;
                }
                head.write(b);
            }
            OutputStream up = upstream.getOutputStream();
            up.write(head.toByteArray());
            in.transferTo(up);
            upstream.shutdownOutput();
            upstream.getInputStream().transferTo(client.getOutputStream());
            return head.toString(StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
