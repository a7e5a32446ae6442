package io.spoolgate.matchers.scan.it;

import io.spoolgate.scan.ScannerProxy;
import io.spoolgate.scan.TestMessages;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.spoolgate.mailets.scan.ScanAttributes;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import javax.mail.BodyPart;
import javax.mail.internet.MimeMessage;
import javax.mail.internet.MimeMultipart;
import org.apache.james.GuiceJamesServer;
import org.apache.james.JamesServerBuilder;
import org.apache.james.JamesServerExtension;
import org.apache.james.MemoryJamesConfiguration;
import org.apache.james.MemoryJamesServerMain;
import org.apache.james.data.UsersRepositoryModuleChooser;
import org.apache.james.mailrepository.api.MailKey;
import org.apache.james.mailrepository.api.MailRepositoryUrl;
import org.apache.james.modules.protocols.SmtpGuiceProbe;
import org.apache.james.utils.MailRepositoryProbeImpl;
import org.apache.james.utils.WebAdminGuiceProbe;
import org.apache.james.webadmin.RandomPortSupplier;
import org.apache.james.webadmin.WebAdminConfiguration;
import io.spoolgate.mailets.scan.ScanningRoutes;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.apache.mailet.Mail;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The scanning pipeline in an in-process James 3.8.1 memory server: real SMTP over loopback, real clamd and spamd
 * (started by {@code bin/scanners start}) reached through {@link ScannerProxy} relays so that the test can take a
 * daemon down or make it hang. Configuration: {@code io/spoolgate/matchers/scan/it/conf/} plus a generated
 * {@code scanning.properties}.
 */
class ScanningPipelineTest {
    private static final MailRepositoryUrl DELIVERED = MailRepositoryUrl.from("memory://var/mail/delivered/");
    private static final MailRepositoryUrl DISCARDED = MailRepositoryUrl.from("memory://var/mail/discarded/");
    private static final MailRepositoryUrl VIRUS = MailRepositoryUrl.from("memory://var/mail/quarantine/virus/");
    private static final MailRepositoryUrl ERROR = MailRepositoryUrl.from("memory://var/mail/error/");
    private static final MailRepositoryUrl FAILED = MailRepositoryUrl.from("memory://var/mail/scan-failed/");
    private static final MailRepositoryUrl SECURITY = MailRepositoryUrl.from("memory://var/mail/security/");
    private static final String[] CONF = {"dnsservice.xml", "domainlist.xml", "usersrepository.xml",
        "recipientrewritetable.xml", "listeners.xml", "mailrepositorystore.xml", "smtpserver.xml", "mailetcontainer.xml"};

    private static ScannerProxy clamdProxy;
    private static ScannerProxy spamdProxy;

    static {
        // the daemons must be up before the server boots (fail, do not skip)
        RunningScanners.requireUp();
        try {
            clamdProxy = new ScannerProxy(RunningScanners.CLAMD_PORT);
            spamdProxy = new ScannerProxy(RunningScanners.SPAMD_PORT);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @RegisterExtension
    static JamesServerExtension james = new JamesServerBuilder<MemoryJamesConfiguration>(tmpDir -> {
        writeConfiguration(tmpDir.toPath());
        return MemoryJamesConfiguration.builder().workingDirectory(tmpDir)
            .usersRepository(UsersRepositoryModuleChooser.Implementation.DEFAULT).build();
    })
        .server(configuration -> MemoryJamesServerMain.createServer(configuration)
            .overrideWith(binder -> binder.bind(WebAdminConfiguration.class).toInstance(WebAdminConfiguration.builder()
                .enabled().port(new RandomPortSupplier()).corsDisabled()
                .additionalRoute(ScanningRoutes.class.getName()).build())))
        .lifeCycle(JamesServerExtension.Lifecycle.PER_CLASS)
        .build();

    private static void writeConfiguration(Path workingDirectory) {
        try {
            Path conf = Files.createDirectories(workingDirectory.resolve("conf"));
            for (String name : CONF) {
                try (InputStream in = ScanningPipelineTest.class.getResourceAsStream("conf/" + name)) {
                    Files.copy(in, conf.resolve(name));
                }
            }
            Files.writeString(conf.resolve("scanning.properties"), String.join("\n",
                "clamd.port=" + clamdProxy.port(),
                "clamd.timeout=10s",
                "spamd.port=" + spamdProxy.port(),
                "spamd.timeout=5s",
                "policy.default.bannedDestiny=REMOVE",
                "policy.lenient.kill=5000",
                "policy.remover.virusDestiny=REMOVE",
                "recipient.lenient@example.com=lenient",
                "recipient.remover@example.com=remover",
                "quarantine.repositories=memory://var/mail/quarantine/virus/",
                "quarantine.retention=4s", ""));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private GuiceJamesServer server;
    private MailRepositoryProbeImpl repositories;

    @BeforeEach
    void setUp(GuiceJamesServer server) throws IOException {
        this.server = server;
        this.repositories = server.getProbe(MailRepositoryProbeImpl.class);
        clamdProxy.mode(ScannerProxy.Mode.FORWARD);
        spamdProxy.mode(ScannerProxy.Mode.FORWARD);
    }

    @AfterAll
    static void closeProxies() throws IOException {
        clamdProxy.close();
        spamdProxy.close();
    }

    private int send(String raw, String... recipients) throws IOException {
        return SmtpTestClient.send(server.getProbe(SmtpGuiceProbe.class).getSmtpPort().getValue(), "alice@example.org",
            List.of(recipients), raw);
    }

    private List<Mail> mails(MailRepositoryUrl url, Predicate<Mail> filter) throws Exception {
        List<Mail> out = new ArrayList<>();
        for (MailKey key : repositories.listMailKeys(url)) {
            Mail mail = repositories.getMail(url, key);
            if (mail != null && filter.test(mail)) {
                out.add(mail);
            }
        }
        return out;
    }

    private static Predicate<Mail> subjectContains(String marker) {
        return mail -> {
            try {
                String subject = mail.getMessage().getSubject();
                return subject != null && subject.contains(marker);
            } catch (Exception e) {
                return false;
            }
        };
    }

    /** Waits (bounded) until {@code count} matching mails are in the repository; returns them. */
    private List<Mail> await(MailRepositoryUrl url, String marker, int count) throws Exception {
        for (int i = 0; i < 600; i++) {
            List<Mail> found = mails(url, subjectContains(marker));
            if (found.size() >= count) {
                return found;
            }
            Thread.sleep(100);
        }
        StringBuilder all = new StringBuilder();
        for (MailRepositoryUrl u : repositories.listRepositoryUrls()) {
            all.append(' ').append(u.asString()).append('=').append(repositories.getRepositoryMailCount(u));
        }
        fail("expected " + count + " mail(s) with '" + marker + "' in " + url.asString() + "; repositories:" + all + "; delivered="
            + mails(DELIVERED, subjectContains(marker)).size() + " error=" + repositories.getRepositoryMailCount(ERROR)
            + " scanFailed=" + repositories.getRepositoryMailCount(FAILED));
        return List.of();
    }

    private static byte[] rawBody(MimeMessage message) throws Exception {
        try (InputStream in = message.getRawInputStream()) {
            return in.readAllBytes();
        }
    }

    @Test
    void cleanMailIsTaggedOnlyAndItsBodyIsByteIdentical() throws Exception {
        String raw = TestMessages.ofSize("Clean quarterly notes", 4000);
        assertThat(send(raw, "bob@example.com")).isEqualTo(250);

        Mail mail = await(DELIVERED, "Clean quarterly notes", 1).get(0);
        MimeMessage m = mail.getMessage();
        assertThat(m.getSubject()).isEqualTo("Clean quarterly notes");
        assertThat(m.getHeader("X-Spam-Flag")).containsExactly("NO");
        assertThat(m.getHeader("X-Spam-Status")[0]).startsWith("No, score=");
        assertThat(m.getHeader("X-Virus-Scanned")[0]).startsWith("Spoolgate ClamAV at ");
        String sentBody = raw.substring(raw.indexOf("\r\n\r\n") + 4);
        assertThat(new String(rawBody(m), StandardCharsets.ISO_8859_1)).isEqualTo(sentBody);
    }

    @Test
    void forgedSpamHeadersAreRemoved() throws Exception {
        String raw = TestMessages.plain("Forged verdict", "hello").replace("Subject:", "X-Spam-Flag: NO\r\nX-Spam-Score: -100\r\nSubject:");
        assertThat(send(raw, "bob@example.com")).isEqualTo(250);
        MimeMessage m = await(DELIVERED, "Forged verdict", 1).get(0).getMessage();
        String[] score = m.getHeader("X-Spam-Score");
        assertThat(score == null ? List.<String>of() : List.of(score)).doesNotContain("-100");
        String[] flag = m.getHeader("X-Spam-Flag");
        assertThat(flag == null ? 0 : flag.length).isLessThanOrEqualTo(1);
    }

    @Test
    void eicarInPlainBodyIsQuarantinedAndTheAdminNotified() throws Exception {
        assertThat(send(TestMessages.plain("Eicar plain", TestMessages.EICAR), "bob@example.com")).isEqualTo(250);
        Mail quarantined = await(VIRUS, "Eicar plain", 1).get(0);
        assertThat(ScanAttributes.string(quarantined, ScanAttributes.VIRUS_NAMES)).hasValueSatisfying(v -> assertThat(v).contains("EICAR"));
        assertThat(mails(DELIVERED, subjectContains("Eicar plain"))).isEmpty();
        Predicate<Mail> aboutThisMail = m -> {
            try {
                return m.getMessage().getContent().toString().contains("Subject:    Eicar plain");
            } catch (Exception e) {
                return false;
            }
        };
        String notice = null;
        for (int i = 0; i < 300 && notice == null; i++) {
            List<Mail> found = mails(SECURITY, subjectContains("VIRUS").and(aboutThisMail));
            notice = found.isEmpty() ? null : found.get(0).getMessage().getContent().toString();
            Thread.sleep(found.isEmpty() ? 100 : 0);
        }
        assertThat(notice).as("admin notice").isNotNull().contains("Spoolgate.Test.EICAR").doesNotContain("EICAR-STANDARD");
    }

    @Test
    void eicarInBase64AttachmentIsQuarantined() throws Exception {
        send(TestMessages.withAttachment("Eicar base64", "filename=\"tool.txt\"", TestMessages.EICAR.getBytes(StandardCharsets.US_ASCII)),
            "bob@example.com");
        await(VIRUS, "Eicar base64", 1);
        assertThat(mails(DELIVERED, subjectContains("Eicar base64"))).isEmpty();
    }

    @Test
    void eicarInZipIsQuarantined() throws Exception {
        send(TestMessages.withAttachment("Eicar zipped", "filename=\"docs.zip\"", TestMessages.zip("a/eicar.txt", TestMessages.EICAR)),
            "bob@example.com");
        await(VIRUS, "Eicar zipped", 1);
        assertThat(mails(DELIVERED, subjectContains("Eicar zipped"))).isEmpty();
    }

    @Test
    void gtubeIsKilledForDefaultPolicyButOnlyTaggedAndDefangedForLenientRecipient() throws Exception {
        String raw = TestMessages.plain("Gtube split", TestMessages.GTUBE);
        assertThat(send(raw, "bob@example.com", "lenient@example.com")).isEqualTo(250);

        Mail discarded = await(DISCARDED, "Gtube split", 1).get(0);
        assertThat(discarded.getRecipients()).extracting(Object::toString).containsExactly("bob@example.com");

        Mail delivered = await(DELIVERED, "Gtube split", 1).get(0);
        assertThat(delivered.getRecipients()).extracting(Object::toString).containsExactly("lenient@example.com");
        MimeMessage m = delivered.getMessage();
        assertThat(m.getSubject()).isEqualTo("***SPAM*** Gtube split");
        assertThat(m.getHeader("X-Spam-Flag")).containsExactly("YES");
        assertThat(m.getHeader("X-Spam-Status")[0]).contains("GTUBE");
        MimeMultipart mixed = (MimeMultipart) m.getContent();
        assertThat(mixed.getCount()).isEqualTo(2);
        BodyPart attached = mixed.getBodyPart(1);
        assertThat(attached.isMimeType("message/rfc822")).isTrue();
        ByteArrayOutputStream original = new ByteArrayOutputStream();
        try (InputStream in = ((javax.mail.internet.MimeBodyPart) attached).getRawInputStream()) {
            in.transferTo(original);
        }
        String attachedText = original.toString(StandardCharsets.ISO_8859_1);
        assertThat(attachedText).as("original attached intact").endsWith(raw.substring(raw.indexOf("\r\n\r\n")));
        assertThat(attachedText).contains("Subject: Gtube split\r\n");
    }

    @Test
    void bannedDoubleExtensionIsRemovedAndTheRestDelivered() throws Exception {
        send(TestMessages.withAttachment("Banned invoice", "filename=\"invoice.pdf.exe\"", new byte[] {'M', 'Z', 1, 2, 3}),
            "bob@example.com");
        MimeMessage m = await(DELIVERED, "Banned invoice", 1).get(0).getMessage();
        MimeMultipart parts = (MimeMultipart) m.getContent();
        assertThat(parts.getCount()).isEqualTo(2);
        assertThat(parts.getBodyPart(0).getContent().toString()).contains("See the attachment.");
        assertThat(parts.getBodyPart(1).getFileName()).isNull();
        assertThat(parts.getBodyPart(1).getContent().toString()).contains("invoice.pdf.exe").contains("double extension");
    }

    @Test
    void virusRemoveDestinyStripsTheInfectedPartAndNamesTheVirus() throws Exception {
        send(TestMessages.withAttachment("Remove virus", "filename=\"eicar.txt\"", TestMessages.EICAR.getBytes(StandardCharsets.US_ASCII)),
            "remover@example.com");
        MimeMessage m = await(DELIVERED, "Remove virus", 1).get(0).getMessage();
        MimeMultipart parts = (MimeMultipart) m.getContent();
        assertThat(parts.getBodyPart(0).getContent().toString()).contains("See the attachment.");
        assertThat(parts.getBodyPart(1).getContent().toString()).contains("EICAR").contains("eicar.txt");
        assertThat(mails(VIRUS, subjectContains("Remove virus"))).isEmpty();
    }

    @Test
    void clamdDownMailsWaitAndAreDeliveredWhenItIsBackNoneLost() throws Exception {
        clamdProxy.mode(ScannerProxy.Mode.DOWN);
        for (int i = 0; i < 3; i++) {
            assertThat(send(TestMessages.plain("Clamd outage " + i, "message " + i), "bob@example.com")).isEqualTo(250);
        }
        Thread.sleep(3000); // several retry rounds (retryDelays=1s) while clamd is unreachable
        assertThat(mails(DELIVERED, subjectContains("Clamd outage"))).as("nothing passes unscanned").isEmpty();
        assertThat(repositories.getRepositoryMailCount(ERROR)).isZero();

        clamdProxy.mode(ScannerProxy.Mode.FORWARD);
        List<Mail> delivered = await(DELIVERED, "Clamd outage", 3);
        assertThat(delivered).hasSize(3);
        for (Mail mail : delivered) {
            assertThat(mail.getMessage().getHeader("X-Virus-Scanned")).isNotNull();
            assertThat(mail.getAttribute(ScanAttributes.ATTEMPTS)).isPresent();
        }
    }

    @Test
    void spamdTimeoutDefersTheMailUntilSpamdAnswersAgain() throws Exception {
        spamdProxy.mode(ScannerProxy.Mode.HANG);
        assertThat(send(TestMessages.plain("Spamd hangs", "hello"), "bob@example.com")).isEqualTo(250);
        Thread.sleep(7000); // longer than spamd.timeout=5s: at least one timed-out attempt
        assertThat(mails(DELIVERED, subjectContains("Spamd hangs"))).isEmpty();

        spamdProxy.mode(ScannerProxy.Mode.FORWARD);
        Mail mail = await(DELIVERED, "Spamd hangs", 1).get(0);
        assertThat(ScanAttributes.string(mail, ScanAttributes.FAILURE)).hasValueSatisfying(f -> assertThat(f).contains("timed out"));
        assertThat(ScanAttributes.string(mail, ScanAttributes.SPAM)).contains("scored");
    }

    @Test
    void smtpTimeScanRejectsVirusesAndKillLevelSpamWith550() throws Exception {
        int port = server.getProbe(SmtpGuiceProbe.class).getSmtpAuthRequiredPort().getValue();
        assertThat(SmtpTestClient.send(port, "alice@example.org", List.of("bob@example.com"),
            TestMessages.plain("Smtp eicar", TestMessages.EICAR))).isEqualTo(550);
        assertThat(SmtpTestClient.send(port, "alice@example.org", List.of("bob@example.com"),
            TestMessages.plain("Smtp gtube", TestMessages.GTUBE))).isEqualTo(550);
        // lenient recipient: GTUBE is below its kill level, so it is accepted (and tagged later)
        assertThat(SmtpTestClient.send(port, "alice@example.org", List.of("lenient@example.com"),
            TestMessages.plain("Smtp gtube lenient", TestMessages.GTUBE))).isEqualTo(250);
        assertThat(SmtpTestClient.send(port, "alice@example.org", List.of("bob@example.com"),
            TestMessages.plain("Smtp clean", "hello there"))).isEqualTo(250);
        await(DELIVERED, "Smtp clean", 1);

        clamdProxy.mode(ScannerProxy.Mode.DOWN);
        assertThat(SmtpTestClient.send(port, "alice@example.org", List.of("bob@example.com"),
            TestMessages.plain("Smtp clamd down", "hello"))).isEqualTo(451);
    }

    private HttpResponse<String> webadmin(String method, String path, String body) throws Exception {
        int port = server.getProbe(WebAdminGuiceProbe.class).getWebAdminPort().getValue();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
            .build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void webadminReportsScannerHealthAndCounters() throws Exception {
        HttpResponse<String> up = webadmin("GET", "/spoolgate/scanners", null);
        assertThat(up.statusCode()).isEqualTo(200);
        assertThat(up.body()).contains("\"clamd\"").contains("\"status\":\"up\"").contains("ClamAV").contains("counters");

        clamdProxy.mode(ScannerProxy.Mode.DOWN);
        HttpResponse<String> down = webadmin("GET", "/spoolgate/scanners", null);
        assertThat(down.statusCode()).isEqualTo(503);
        assertThat(down.body()).contains("\"status\":\"down\"").contains("Connection refused");
    }

    @Test
    void webadminLearnsFromTheBodyAndRejectsBadRequests() throws Exception {
        HttpResponse<String> learned = webadmin("POST", "/spoolgate/learn?class=spam",
            TestMessages.plain("Learn this " + System.nanoTime(), "cheap pills " + System.nanoTime()));
        assertThat(learned.statusCode()).isEqualTo(200);
        assertThat(learned.body()).contains("\"learned\":true").contains("\"class\":\"spam\"");

        assertThat(webadmin("POST", "/spoolgate/learn?class=eggs", "x").statusCode()).isEqualTo(400);
        assertThat(webadmin("POST", "/spoolgate/learn?class=ham", "").statusCode()).isEqualTo(400);
        assertThat(webadmin("POST", "/spoolgate/learn?class=ham&repository=memory://var/mail/none/&key=k", null).statusCode())
            .isEqualTo(404);
    }

    @Test
    void webadminPurgeRemovesQuarantinedMailOlderThanTheRetention() throws Exception {
        send(TestMessages.plain("Purge me", TestMessages.EICAR), "bob@example.com");
        await(VIRUS, "Purge me", 1);
        Thread.sleep(5000); // quarantine.retention=4s in this test configuration
        HttpResponse<String> purge = webadmin("POST", "/spoolgate/quarantine/purge", null);
        assertThat(purge.statusCode()).isEqualTo(200);
        assertThat(purge.body()).contains("memory://var/mail/quarantine/virus/");
        assertThat(mails(VIRUS, subjectContains("Purge me"))).isEmpty();
    }
}
