package io.spoolgate.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.apache.james.core.MailAddress;
import org.apache.james.core.builder.MimeMessageBuilder;
import org.apache.james.queue.api.MailQueue;
import org.apache.james.queue.api.MailQueueName;
import org.apache.james.queue.api.RawMailQueueItemDecoratorFactory;
import org.apache.james.server.core.MailImpl;
import org.apache.james.server.core.MimeMessageInputStreamSource;
import org.apache.james.server.core.MimeMessageWrapper;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.apache.mailet.PerRecipientHeaders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import reactor.core.publisher.Flux;

/** What survives a stop of the journal queue: everything enqueued and not done, complete. */
class JournalMailQueueRestartTest {

    private static final int MB = 1024 * 1024;

    @TempDir
    Path directory;

    private JournalMailQueue open(int inlineLimit) throws Exception {
        return new JournalMailQueue(MailQueueName.of("spool"), directory, MB, inlineLimit,
            new RawMailQueueItemDecoratorFactory());
    }

    private static Mail mail(String name, String body) throws Exception {
        MailImpl mail = MailImpl.builder().name(name)
            .sender("sender@example.com")
            .addRecipients(new MailAddress("a@vm.example"), new MailAddress("b@vm.example"))
            .state("transport")
            .remoteAddr("192.0.2.7").remoteHost("client.example")
            .addAttribute(new Attribute(AttributeName.of("spoolgate.punch-attempts"), AttributeValue.of(3)))
            .addAttribute(new Attribute(AttributeName.of("spoolgate.note"), AttributeValue.of("kept")))
            .addHeaderForRecipient(PerRecipientHeaders.Header.builder().name("X-For").value("a").build(),
                new MailAddress("a@vm.example"))
            .mimeMessage(MimeMessageBuilder.mimeMessageBuilder().setSubject("s " + name).setText(body))
            .build();
        return mail;
    }

    private static String content(Mail mail) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        mail.getMessage().writeTo(out);
        return out.toString(java.nio.charset.StandardCharsets.UTF_8);
    }

    @Test
    void mailsNotDoneAreOfferedAgainWholeAfterARestart() throws Exception {
        Mail original = mail("m2", "x".repeat(300_000));
        String originalContent = content(original);
        try (JournalMailQueue queue = open(64 * 1024)) {
            queue.enQueue(mail("m1", "first body"));
            queue.enQueue(original);
            queue.enQueue(mail("m3", "third body"), Duration.ofHours(1));
            MailQueue.MailQueueItem item = Flux.from(queue.deQueue()).blockFirst(Duration.ofSeconds(10));
            assertThat(item.getMail().getName()).isEqualTo("m1");
            item.done(MailQueue.MailQueueItem.CompletionStatus.SUCCESS);
            // m2 taken but not done: James was stopped while processing it
            MailQueue.MailQueueItem taken = Flux.from(queue.deQueue()).blockFirst(Duration.ofSeconds(10));
            assertThat(taken.getMail().getName()).isEqualTo("m2");
        }
        try (JournalMailQueue queue = open(64 * 1024)) {
            assertThat(queue.getSize()).isEqualTo(2);
            MailQueue.MailQueueItem item = Flux.from(queue.deQueue()).blockFirst(Duration.ofSeconds(10));
            Mail m2 = item.getMail();
            assertThat(m2.getName()).isEqualTo("m2");
            assertThat(m2.getMaybeSender().asString()).isEqualTo("sender@example.com");
            assertThat(m2.getRecipients()).extracting(MailAddress::asString).containsExactly("a@vm.example", "b@vm.example");
            assertThat(m2.getState()).isEqualTo("transport");
            assertThat(m2.getRemoteAddr()).isEqualTo("192.0.2.7");
            assertThat(m2.getRemoteHost()).isEqualTo("client.example");
            assertThat(m2.getAttribute(AttributeName.of("spoolgate.punch-attempts")))
                .map(Attribute::getValue).contains(AttributeValue.of(3));
            assertThat(m2.getPerRecipientSpecificHeaders().getHeadersForRecipient(new MailAddress("a@vm.example")))
                .extracting(PerRecipientHeaders.Header::getValue).containsExactly("a");
            assertThat(content(m2)).as("the message byte for byte").isEqualTo(originalContent);
            assertThat(m2.getMessageSize()).isGreaterThan(300_000);
            item.done(MailQueue.MailQueueItem.CompletionStatus.SUCCESS);
            assertThat(queue.browse()).toIterable().extracting(view -> view.getMail().getName()).containsExactly("m3");
            assertThat(queue.browse().next().getNextDelivery()).isPresent();
        }
        try (JournalMailQueue queue = open(64 * 1024)) {
            assertThat(queue.getSize()).as("only the delayed m3 is left").isEqualTo(1);
            assertThat(queue.remove(org.apache.james.queue.api.ManageableMailQueue.Type.Recipient, "b@vm.example"))
                .isEqualTo(1);
        }
        try (JournalMailQueue queue = open(64 * 1024)) {
            assertThat(queue.getSize()).as("a removal is durable too").isZero();
        }
    }

    @Test
    void aDeliveredMailStaysInTheJournalUntilItsDeliveryIsDurable() throws Exception {
        List<Runnable> held = new ArrayList<>();
        Path crashed = directory.resolveSibling(directory.getFileName() + "-crashed");
        try (JournalMailQueue queue = new JournalMailQueue(MailQueueName.of("spool"), directory, MB, 64 * 1024,
            new RawMailQueueItemDecoratorFactory(), held::add)) {
            queue.enQueue(mail("m1", "first body"));
            Flux.from(queue.deQueue()).blockFirst(Duration.ofSeconds(10))
                .done(MailQueue.MailQueueItem.CompletionStatus.SUCCESS);
            assertThat(queue.getSize()).as("not offered again by this queue").isZero();
            assertThat(held).hasSize(1);
            copy(directory, crashed); // what a crash now would leave on disk
            held.forEach(Runnable::run);
        }
        try (JournalMailQueue queue = new JournalMailQueue(MailQueueName.of("spool"), crashed, MB, 64 * 1024,
            new RawMailQueueItemDecoratorFactory())) {
            assertThat(queue.getSize()).as("a crash before the barrier: offered again").isEqualTo(1);
        }
        try (JournalMailQueue queue = open(64 * 1024)) {
            assertThat(queue.getSize()).as("after the barrier: gone").isZero();
        }
    }

    @Test
    void receivedMessagesAreKeptAsReceivedAndChangedOnesWithTheirChanges() throws Exception {
        // as James's DATA handler builds them: a wrapper over the received bytes (odd folding and spacing kept)
        String received = "Received: from client.example\r\n\tby vm.example; Wed, 25 Nov 2026 12:00:00 +0000\r\n"
            + "Subject:   spaced\r\n   and folded\r\nX-Odd:value\r\n\r\nbody line\r\n";
        MimeMessageWrapper asReceived = new MimeMessageWrapper(MimeMessageInputStreamSource.create("r1",
            new ByteArrayInputStream(received.getBytes(StandardCharsets.US_ASCII))));
        asReceived.getMessageID(); // headers read (James's SendMailHandler does this), not changed
        MimeMessageWrapper changed = new MimeMessageWrapper(MimeMessageInputStreamSource.create("r2",
            new ByteArrayInputStream(received.getBytes(StandardCharsets.US_ASCII))));
        changed.setHeader("X-Changed", "yes");
        try (JournalMailQueue queue = open(64 * 1024)) {
            queue.enQueue(MailImpl.builder().name("r1").sender("s@example.com").addRecipient("a@vm.example")
                .mimeMessage(asReceived).build());
            queue.enQueue(MailImpl.builder().name("r2").sender("s@example.com").addRecipient("a@vm.example")
                .mimeMessage(changed).build());
        }
        try (JournalMailQueue queue = open(64 * 1024)) {
            Mail r1 = Flux.from(queue.deQueue()).blockFirst(Duration.ofSeconds(10)).getMail();
            Mail r2 = Flux.from(queue.deQueue()).blockFirst(Duration.ofSeconds(10)).getMail();
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (InputStream in = ((MimeMessageWrapper) r1.getMessage()).getMessageInputStream()) {
                in.transferTo(bytes);
            }
            assertThat(bytes.toString(StandardCharsets.US_ASCII)).as("byte for byte").isEqualTo(received);
            r1.getMessage().removeHeader("Bcc"); // what James's RemoveMimeHeader does to every mail
            assertThat(((MimeMessageWrapper) r1.getMessage()).isModified()).as("no Bcc: unchanged").isFalse();
            assertThat(r2.getMessage().getHeader("X-Changed")).containsExactly("yes");
            assertThat(content(r2)).contains("body line");
        }
    }

    private static void copy(Path from, Path to) throws Exception {
        Files.createDirectories(to);
        try (Stream<Path> files = Files.list(from)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Files.copy(file, to.resolve(file.getFileName()));
            }
        }
    }

    @Test
    void longWaitingMailIsCarriedForwardSoOldSegmentsGo() throws Exception {
        try (JournalMailQueue queue = open(MB)) {
            queue.enQueue(mail("delayed", "waits an hour"), Duration.ofHours(1));
            for (int i = 0; i < 12; i++) {
                queue.enQueue(mail("bulk" + i, "y".repeat(200_000)));
            }
            for (int i = 0; i < 12; i++) {
                Flux.from(queue.deQueue()).blockFirst(Duration.ofSeconds(10))
                    .done(MailQueue.MailQueueItem.CompletionStatus.SUCCESS);
            }
            assertThat(queue.journal().segmentCount()).isGreaterThanOrEqualTo(3);
            queue.journal().deleteDrainedSegments();
            assertThat(queue.journal().segmentCount()).as("the delayed mail holds the oldest segment")
                .isGreaterThanOrEqualTo(3);
            assertThat(queue.carryForward()).isEqualTo(1);
            queue.journal().deleteDrainedSegments();
            assertThat(queue.journal().segmentCount()).isEqualTo(1);
        }
        try (Stream<Path> files = Files.list(directory)) {
            assertThat(files.filter(p -> p.toString().endsWith(".journal")).toList()).hasSizeLessThanOrEqualTo(1);
        }
        try (JournalMailQueue queue = open(MB)) {
            List<String> names = new java.util.ArrayList<>();
            queue.browse().forEachRemaining(view -> names.add(view.getMail().getName()));
            assertThat(names).containsExactly("delayed");
            assertThat(queue.flush()).isEqualTo(1);
            Mail delayed = Flux.from(queue.deQueue()).blockFirst(Duration.ofSeconds(10)).getMail();
            assertThat(content(delayed)).contains("waits an hour");
        }
    }
}
