package io.spoolgate.vmspool.james;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.FileNotFoundException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.mail.MessagingException;

import org.apache.commons.configuration2.BaseHierarchicalConfiguration;
import org.apache.james.core.MailAddress;
import org.apache.james.filesystem.api.FileSystem;
import org.apache.james.mailrepository.api.MailKey;
import org.apache.james.mailrepository.api.MailRepositoryUrl;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.apache.mailet.base.test.FakeMail;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.spoolgate.vmspool.spool.DeliveryFormat;
import io.spoolgate.vmspool.spool.DirectorySpoolBackend;
import io.spoolgate.vmspool.spool.SpoolFile;
import io.spoolgate.vmspool.spool.VmUserid;

class VmSpoolMailRepositoryTest {

    @TempDir
    Path home;
    private DirectorySpoolBackend spool;

    /** James's FileSystem for a working directory: {@code file://x} is {@code home/x}. */
    private FileSystem fileSystem() {
        return new FileSystem() {
            @Override
            public InputStream getResource(String url) {
                throw new UnsupportedOperationException();
            }

            @Override
            public File getFile(String fileURL) throws FileNotFoundException {
                return home.resolve(fileURL.substring("file://".length())).toFile();
            }

            @Override
            public File getBasedir() {
                return home.toFile();
            }
        };
    }

    private VmSpoolMailRepository repository(String url, Map<String, String> config) throws Exception {
        VmSpoolMailRepository repo = new VmSpoolMailRepository(MailRepositoryUrl.from(url), fileSystem());
        BaseHierarchicalConfiguration c = new BaseHierarchicalConfiguration();
        config.forEach(c::addProperty);
        repo.configure(c);
        repo.init();
        return repo;
    }

    @BeforeEach
    void layout() throws Exception {
        Files.createDirectories(home.resolve("conf"));
        Files.writeString(home.resolve("conf/vmusers"), "MAINT\nUSER1\nUSER2\n");
        spool = new DirectorySpoolBackend(home.resolve("spool"));
    }

    private static Mail mail(String name, String... rcpts) throws MessagingException {
        List<MailAddress> recipients = new ArrayList<>();
        for (String r : rcpts) {
            recipients.add(new MailAddress(r));
        }
        return FakeMail.builder().name(name).state(Mail.DEFAULT).sender("alice@example.org").recipients(recipients)
            .mimeMessage(new javax.mail.internet.MimeMessage(javax.mail.Session.getInstance(new java.util.Properties()),
                new java.io.ByteArrayInputStream("Subject: hi\r\n\r\nbody\r\n".getBytes(StandardCharsets.US_ASCII))))
            .build();
    }

    @Test
    void storePunchesOneFilePerReaderWithTheDefaultRule() throws Exception {
        VmSpoolMailRepository repo = repository("vmspool://readers", Map.of());
        repo.store(mail("m1", "user1@vm.example", "USER1@other.example", "nobody@vm.example", "john.doe@vm.example"));
        List<SpoolFile> user1 = spool.list(VmUserid.of("USER1"));
        List<SpoolFile> maint = spool.list(VmUserid.of("MAINT"));
        assertThat(user1).hasSize(1);
        assertThat(user1.get(0).recipients()).containsExactly("user1@vm.example", "USER1@other.example");
        assertThat(maint).hasSize(1);
        assertThat(maint.get(0).recipients()).containsExactly("nobody@vm.example", "john.doe@vm.example");
        assertThat(repo.size()).isEqualTo(2);
    }

    @Test
    void storingTheSameMailAgainPunchesNothingNew() throws Exception {
        VmSpoolMailRepository repo = repository("vmspool://readers", Map.of());
        repo.store(mail("same", "user1@vm.example"));
        repo.store(mail("same", "user1@vm.example"));
        assertThat(spool.list(VmUserid.of("USER1"))).hasSize(1);
    }

    @Test
    void routesChooseReaderFormatAndFileTypeAndAMailAttributeWins() throws Exception {
        VmSpoolMailRepository repo = repository("vmspool://readers", Map.of("defaultUser", "USER2"));
        Mail routed = mail("m2", "a@vm.example", "b@vm.example");
        routed.setAttribute(new Attribute(SpoolgateAttributes.ROUTES, AttributeValue.of(Map.of(
            "a@vm.example", AttributeValue.of("MAILER bsmtp-cards NOTE")))));
        repo.store(routed);
        SpoolFile mailer = spool.list(VmUserid.of("MAILER")).get(0);
        assertThat(mailer.format()).isEqualTo(DeliveryFormat.BSMTP_CARDS);
        assertThat(mailer.fileType()).isEqualTo("NOTE");
        SpoolFile user2 = spool.list(VmUserid.of("USER2")).get(0);
        assertThat(user2.format()).as("no route: the repository's format").isEqualTo(DeliveryFormat.NETDATA);
        assertThat(user2.fileType()).isEqualTo("MAIL");
        assertThat(routed.getAttribute(SpoolgateAttributes.PUNCHED)).isPresent();

        Mail forced = mail("m3", "a@vm.example");
        forced.setAttribute(new Attribute(SpoolgateAttributes.ROUTES, AttributeValue.of(Map.of(
            "a@vm.example", AttributeValue.of("MAILER bsmtp-cards NOTE")))));
        forced.setAttribute(new Attribute(SpoolgateAttributes.FORMAT, AttributeValue.of("bsmtp")));
        repo.store(forced);
        assertThat(spool.list(VmUserid.of("MAILER")).get(1).format()).as("the mail's own format wins")
            .isEqualTo(DeliveryFormat.BSMTP);
        assertThat(spool.list(VmUserid.of("MAILER")).get(1).fileType()).isEqualTo("NOTE");
    }

    @Test
    void theUrlCanChooseTheFormat() throws Exception {
        repository("vmspool://readers/bsmtp", Map.of()).store(mail("m3", "user1@vm.example"));
        assertThat(spool.list(VmUserid.of("USER1")).get(0).format()).isEqualTo(DeliveryFormat.BSMTP);
    }

    @Test
    void listRetrieveAndRemoveShowTheReaders() throws Exception {
        VmSpoolMailRepository repo = repository("vmspool://readers", Map.of());
        repo.store(mail("m4", "user1@vm.example"));
        List<MailKey> keys = new ArrayList<>();
        repo.list().forEachRemaining(keys::add);
        assertThat(keys).containsExactly(new MailKey("USER1-0001"));
        Mail back = repo.retrieve(new MailKey("USER1-0001"));
        assertThat(back.getName()).isEqualTo("USER1-0001");
        assertThat(back.getMaybeSender().asString()).isEqualTo("alice@example.org");
        assertThat(back.getRecipients()).containsExactly(new MailAddress("user1@vm.example"));
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        back.getMessage().writeTo(raw);
        assertThat(raw.toString(StandardCharsets.US_ASCII)).isEqualTo("Subject: hi\r\n\r\nbody\r\n");
        assertThat(repo.retrieve(new MailKey("USER1-0099"))).isNull();
        assertThat(repo.retrieve(new MailKey("not-a-key!"))).isNull();
        repo.remove(new MailKey("USER1-0001"));
        assertThat(repo.size()).isZero();
    }

    @Test
    void aPunchThatCannotBeWrittenIsAMessagingExceptionWithTheReason() throws Exception {
        VmSpoolMailRepository repo = repository("vmspool://readers", Map.of());
        Files.createDirectories(home.resolve("spool"));
        Files.writeString(home.resolve("spool/USER1"), "blocked");
        assertThatThrownBy(() -> repo.store(mail("m5", "user1@vm.example")))
            .isInstanceOf(MessagingException.class)
            .hasMessageContaining("cannot punch mail m5 into USER1's reader");
    }

    @Test
    void thePunchExitCanBounceOrDeferAReader() throws Exception {
        org.apache.mailet.base.test.FakeMailContext context = org.apache.mailet.base.test.FakeMailContext.defaultContext();
        io.spoolgate.exit.PunchGate gate = (envelope, message) -> switch (envelope.vmUser()) {
            case "USER1" -> io.spoolgate.exit.Verdict.rejectMessage(550, "5.7.1 USER1 takes no mail");
            case "USER2" -> io.spoolgate.exit.Verdict.rejectMessage(451, "4.3.0 try later");
            default -> io.spoolgate.exit.Verdict.CONTINUE;
        };
        VmSpoolMailRepository repo = new VmSpoolMailRepository(MailRepositoryUrl.from("vmspool://readers"), fileSystem(),
            java.time.Clock.systemUTC(), SpoolMetrics.none(), gate, context);
        repo.configure(new BaseHierarchicalConfiguration());
        repo.init();
        repo.store(mail("p1", "user1@vm.example", "maint@vm.example"));
        assertThat(spool.list(VmUserid.of("USER1"))).isEmpty();
        assertThat(spool.list(VmUserid.of("MAINT"))).hasSize(1);
        assertThat(context.getBouncedMails()).singleElement()
            .satisfies(b -> assertThat(b.getSentMail().getRecipients()).containsExactly(new MailAddress("user1@vm.example")));
        assertThatThrownBy(() -> repo.store(mail("p2", "user2@vm.example")))
            .isInstanceOf(MessagingException.class).hasMessageContaining("4.3.0 try later");
        assertThat(spool.list(VmUserid.of("USER2"))).isEmpty();
    }

    @Test
    void badSettingsAreRefusedNamingTheKey() {
        assertThatThrownBy(() -> repository("vmspool://readers", Map.of("backend", "tape")))
            .hasMessageContaining("backend");
        assertThatThrownBy(() -> repository("vmspool://readers", Map.of("lrecl", "40")))
            .hasMessageContaining("lrecl");
        assertThatThrownBy(() -> repository("vmspool://readers", Map.of("defaultUser", "NOT VALID")))
            .hasMessageContaining("NOT VALID");
        assertThatThrownBy(() -> repository("vmspool://readers", Map.of("format", "pdf")))
            .hasMessageContaining("pdf");
    }
}
