package io.spoolgate.vmspool.james;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import javax.annotation.PreDestroy;
import javax.inject.Inject;
import javax.mail.MessagingException;
import javax.mail.internet.AddressException;
import javax.mail.internet.InternetAddress;

import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.apache.james.filesystem.api.FileSystem;
import org.apache.james.lifecycle.api.LifecycleUtil;
import org.apache.james.metrics.api.MetricFactory;
import org.apache.james.queue.api.MailQueue;
import org.apache.james.queue.api.MailQueueFactory;
import org.apache.james.server.core.MailImpl;
import org.apache.james.server.core.MimeMessageInputStreamSource;
import org.apache.james.server.core.MimeMessageWrapper;
import org.apache.james.utils.PropertiesProvider;
import org.apache.james.utils.UserDefinedStartable;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeValue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.spoolgate.exit.SpoolEnvelope;
import io.spoolgate.exit.SpoolMailGate;
import io.spoolgate.exit.Verdict;
import io.spoolgate.vmspool.format.SpoolDecodeException;
import io.spoolgate.vmspool.intake.DirectoryIntakeReader;
import io.spoolgate.vmspool.intake.IncomingFile;
import io.spoolgate.vmspool.intake.IntakeJournal;
import io.spoolgate.vmspool.intake.IntakeReader;
import io.spoolgate.vmspool.intake.VmurIntakeReader;
import io.spoolgate.vmspool.intake.IntakeMail;
import io.spoolgate.vmspool.intake.RejectedArea;
import io.spoolgate.vmspool.intake.SenderNotice;
import io.spoolgate.vmspool.intake.SpoolFileDecoder;
import io.spoolgate.vmspool.intake.SpoolOrigin;
import io.spoolgate.vmspool.spool.DeliveryFormat;
import io.spoolgate.vmspool.spool.DirectorySpoolBackend;
import io.spoolgate.vmspool.spool.ProcessCommandRunner;
import io.spoolgate.vmspool.spool.SpoolBackend;
import io.spoolgate.vmspool.spool.VmurSpoolBackend;
import io.spoolgate.vmspool.spool.PunchRequest;
import io.spoolgate.vmspool.spool.ReaderFileEncoder;
import io.spoolgate.vmspool.spool.SpoolFile;
import io.spoolgate.vmspool.spool.SpoolNames;
import io.spoolgate.vmspool.spool.VmUserid;

/**
 * The spool intake: takes the files VM users punch to the SMTP service machine's reader and feeds them to James as
 * mail, like VM SMTP did. Register it in {@code extensions.properties} as
 * {@code guice.extension.startable=io.spoolgate.vmspool.james.SpoolIntake}; settings in
 * {@code conf/spoolintake.properties} ({@link SpoolIntakeSettings}).
 *
 * <p>Each file becomes one mail per BSMTP transaction (a note is one mail whose envelope comes from its From/To/Cc/Bcc
 * headers, Bcc removed), enqueued in James's spool queue with remote address 127.0.0.1 and the attributes
 * {@code spoolgate.origin=spool}, {@code spoolgate.spool.userid}, {@code spoolgate.spool.node} and
 * {@code spoolgate.spool.id}. The file leaves the reader only after its mails are durably enqueued; a crash in
 * between takes the file again and the {@link IntakeJournal} keeps any mail from being sent twice. A file that cannot
 * be decoded goes to the rejected area with its reason, is counted and logged once, and the sender gets a note in
 * their reader. The reader is watched for new files, with polling behind the watch.</p>
 */
public class SpoolIntake implements UserDefinedStartable {

    private static final Logger LOGGER = LoggerFactory.getLogger(SpoolIntake.class);
    private static final Logger DELIVERY = LoggerFactory.getLogger("spoolgate.delivery");

    private final MailQueueFactory<?> queues;
    private final FileSystem fileSystem;
    private final PropertiesProvider properties;
    private final Clock clock = Clock.systemUTC();
    private final AtomicLong filesTaken = new AtomicLong();
    private final AtomicLong mailsEnqueued = new AtomicLong();
    private final AtomicLong filesRejected = new AtomicLong();

    private SpoolIntakeSettings settings;
    private MailQueue queue;
    private DirectorySpoolBackend spool;
    private IntakeReader reader;
    private SpoolBackend notices;
    private Path workDirectory;
    private SpoolFileDecoder decoder;
    private IntakeJournal journal;
    private RejectedArea rejected;
    private ScheduledExecutorService scanner;
    private WatchService watch;
    private Thread watcher;

    private final SpoolMetrics metrics;
    private final SpoolMailGate exits;

    /**
     * @param exits the SMTP exits' view of spool mail ({@link SpoolMailGate#NONE} without the exit host)
     */
    @Inject
    public SpoolIntake(MailQueueFactory<?> queues, FileSystem fileSystem, PropertiesProvider properties,
                       MetricFactory metricFactory, SpoolMailGate exits) {
        this.queues = queues;
        this.fileSystem = fileSystem;
        this.properties = properties;
        this.metrics = new SpoolMetrics(metricFactory);
        this.exits = exits;
    }

    @Override
    public void start() {
        try {
            settings = SpoolIntakeSettings.from(properties.getConfiguration("spoolintake"));
        } catch (java.io.FileNotFoundException e) {
            settings = SpoolIntakeSettings.defaults();
        } catch (org.apache.commons.configuration2.ex.ConfigurationException e) {
            throw new IllegalStateException("conf/spoolintake.properties: " + e.getMessage(), e);
        }
        if (!settings.enabled()) {
            LOGGER.info("Spool intake disabled (spoolintake.properties enabled=false)");
            return;
        }
        try {
            Path root = fileSystem.getFile(settings.spoolRoot()).toPath().toAbsolutePath().normalize();
            workDirectory = root.resolve(".intake").resolve("work");
            decoder = new SpoolFileDecoder(workDirectory);
            journal = new IntakeJournal(root.resolve(".intake").resolve("journal"));
            rejected = new RejectedArea(fileSystem.getFile(settings.rejectedRoot()).toPath().toAbsolutePath().normalize());
            cleanWorkDirectory(workDirectory);
            queue = queues.createQueue(MailQueueFactory.SPOOL);
            if (settings.backend().equals("vmur")) {
                ProcessCommandRunner runner = new ProcessCommandRunner(Duration.ofSeconds(30));
                reader = new VmurIntakeReader(runner, settings.userid().value(), settings.transferFrom(),
                    settings.transferSeconds(), clock);
                notices = new VmurSpoolBackend(runner, workDirectory, "00d", clock);
            } else {
                spool = new DirectorySpoolBackend(root);
                reader = new DirectoryIntakeReader(spool, settings.userid(), clock);
                notices = spool;
                Files.createDirectories(spool.readerDirectory(settings.userid()));
                watch = FileSystems.getDefault().newWatchService();
                spool.readerDirectory(settings.userid()).register(watch, StandardWatchEventKinds.ENTRY_CREATE,
                    StandardWatchEventKinds.ENTRY_MODIFY);
            }
        } catch (IOException e) {
            throw new IllegalStateException("spool intake cannot start: " + e.getMessage(), e);
        }
        scanner = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "spoolgate-intake"));
        scanner.scheduleWithFixedDelay(this::scanQuietly, 0, settings.pollSeconds(), TimeUnit.SECONDS);
        if (watch != null) {
            watcher = new Thread(this::watchLoop, "spoolgate-intake-watch");
            watcher.setDaemon(true);
            watcher.start();
        }
        LOGGER.info("Spool intake reading {}'s reader ({} backend{}, every {} s)", settings.userid(), settings.backend(),
            watch != null ? " at " + spool.readerDirectory(settings.userid()) + " with a file-system watch" : "",
            settings.pollSeconds());
    }

    @PreDestroy
    public void stop() {
        if (scanner != null) {
            scanner.shutdown();
            try {
                scanner.awaitTermination(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (watch != null) {
            try {
                watch.close();
            } catch (IOException ignored) {
                // closing
            }
        }
    }

    /** Files taken, mails enqueued and files rejected since start. */
    public long[] counters() {
        return new long[] {filesTaken.get(), mailsEnqueued.get(), filesRejected.get()};
    }

    /** The directory spool the intake reads (null while disabled). */
    public DirectorySpoolBackend spool() {
        return spool;
    }

    public RejectedArea rejectedArea() {
        return rejected;
    }

    public SpoolIntakeSettings settings() {
        return settings;
    }

    private void watchLoop() {
        try {
            while (true) {
                WatchKey key = watch.take();
                key.pollEvents();
                key.reset();
                scanner.execute(this::scanQuietly);
            }
        } catch (InterruptedException | ClosedWatchServiceException | java.util.concurrent.RejectedExecutionException e) {
            // stopping
        }
    }

    private void scanQuietly() {
        try {
            scan();
        } catch (Exception e) {
            LOGGER.error("Spool intake scan of {}'s reader failed, will try again: {}", settings.userid(), e.getMessage(), e);
        }
    }

    /** Takes every file now in the reader, oldest spool id first. */
    void scan() throws IOException {
        List<IncomingFile> files = reader.pending();
        for (IncomingFile f : files) {
            metrics.timed("spoolgate_intake_file", () -> takeFetched(f));
        }
        journal.prune(files.stream().map(IncomingFile::spoolId).collect(Collectors.toSet()));
    }

    private void takeFetched(IncomingFile file) throws IOException {
        Path data = reader.fetch(file, workDirectory);
        try {
            take(file, data);
        } finally {
            reader.release(data);
        }
    }

    private void take(IncomingFile file, Path data) throws IOException {
        String digest = digest(data);
        Set<Integer> done = journal.enqueued(file.spoolId(), digest);
        SpoolOrigin origin = new SpoolOrigin(file.origin(),
            file.node().isBlank() ? settings.node() : file.node(), file.spoolId());
        SpoolFileDecoder.Decoded decoded;
        try (InputStream in = Files.newInputStream(data)) {
            decoded = decoder.decode(in, origin);
        } catch (SpoolDecodeException e) {
            reject(file, data, e.getMessage());
            return;
        }
        List<String> refused = new ArrayList<>();
        try {
            for (IntakeMail m : decoded.mails()) {
                if (done.contains(m.transaction())) {
                    LOGGER.info("Spool file {} transaction {} was enqueued before a restart: not sent again",
                        file.key(), m.transaction());
                    continue;
                }
                MailImpl mail;
                try {
                    mail = toMail(m, file, digest, refused);
                } catch (MessagingException | IllegalArgumentException e) {
                    if (m.envelope().isEmpty()) {
                        // a note that names nobody is unusable as a whole: keep it with the reason
                        SpoolFileDecoder.discard(decoded.mails());
                        reject(file, data, e.getMessage());
                        return;
                    }
                    refused.add("mail " + (m.transaction() + 1) + ": " + e.getMessage());
                    journal.record(file.spoolId(), digest, m.transaction());
                    continue;
                }
                try {
                    Verdict verdict = mail.getRecipients().isEmpty() ? Verdict.CONTINUE : exits.replay(
                        new SpoolEnvelope(file.key() + "/" + m.transaction(), origin.userid(), origin.node(),
                            m.envelope().map(IntakeMail.Envelope::helo).filter(h -> !h.isBlank()).orElse(origin.node()),
                            mail.getMaybeSender().asString(""),
                            mail.getRecipients().stream().map(MailAddress::asString).toList()),
                        new FileMessageView(m.message()));
                    if (verdict.isReject()) {
                        refused.add("mail " + (m.transaction() + 1) + " refused by the SMTP exit: " + verdict.code()
                            + " " + verdict.text());
                        DELIVERY.warn("{} ** R=spool U={} exit reject: {} {}", mail.getName(), origin.userid(),
                            verdict.code(), verdict.text());
                        journal.record(file.spoolId(), digest, m.transaction());
                        if (verdict.kind() == Verdict.Kind.REJECT_SESSION) {
                            refused.add("the rest of the spool file was dropped by the SMTP exit");
                            break;
                        }
                        continue;
                    }
                    if (mail.getRecipients().isEmpty()) {
                        refused.add("mail " + (m.transaction() + 1) + ": no valid recipient, not sent");
                    } else {
                        queue.enQueue(mail);
                        mailsEnqueued.incrementAndGet();
                        metrics.count("spoolgate_intake_mails");
                        DELIVERY.info("{} <= {} R=spool U={} N={} spoolid={} rcpts={}", mail.getName(),
                            mail.getMaybeSender().asString(), origin.userid(), origin.node(),
                            SpoolNames.spoolId(file.spoolId()), mail.getRecipients().size());
                    }
                } finally {
                    LifecycleUtil.dispose(mail);
                }
                journal.record(file.spoolId(), digest, m.transaction());
            }
        } catch (MessagingException e) {
            throw new IOException("cannot enqueue mail from spool file " + file.key() + ": " + e.getMessage(), e);
        } finally {
            SpoolFileDecoder.discard(decoded.mails());
        }
        reader.remove(file);
        journal.finish(file.spoolId(), digest);
        filesTaken.incrementAndGet();
        metrics.count("spoolgate_intake_files");
        if (!refused.isEmpty()) {
            LOGGER.warn("Spool file {} from {}: {}", file.key(), origin.userid(), refused);
            notifySender(origin.userid(), file.spoolId(), "Mail from spool file " + SpoolNames.spoolId(file.spoolId())
                + ": recipients refused", refused);
        }
    }

    private MailImpl toMail(IntakeMail m, IncomingFile file, String digest, List<String> refused)
        throws IOException, MessagingException {
        MimeMessageInputStreamSource source;
        String name = "spool-" + settings.userid() + "-" + SpoolNames.spoolId(file.spoolId()) + "-"
            + digest.substring(0, 12) + "-" + m.transaction();
        try (InputStream in = Files.newInputStream(m.message())) {
            source = MimeMessageInputStreamSource.create(name, in);
        }
        MimeMessageWrapper message = new MimeMessageWrapper(source);
        MaybeSender sender;
        List<MailAddress> recipients = new ArrayList<>();
        if (m.envelope().isPresent()) {
            IntakeMail.Envelope env = m.envelope().get();
            sender = env.mailFrom().isEmpty() ? MaybeSender.nullSender() : MaybeSender.of(new MailAddress(qualify(env.mailFrom())));
            for (String rcpt : env.rcptTo()) {
                addRecipient(rcpt, recipients, refused, m);
            }
        } else {
            sender = MaybeSender.of(new MailAddress(m.origin().userid().toLowerCase(Locale.ROOT) + "@" + settings.domain()));
            for (String header : List.of("To", "Cc", "Bcc")) {
                String[] values = message.getHeader(header);
                if (values == null) {
                    continue;
                }
                for (String value : values) {
                    for (InternetAddress a : InternetAddress.parseHeader(value, false)) {
                        if (a.getAddress() != null && !a.getAddress().isBlank()) {
                            addRecipient(a.getAddress(), recipients, refused, m);
                        }
                    }
                }
            }
            message.removeHeader("Bcc");
            if (recipients.isEmpty()) {
                throw new MessagingException("the note names no recipient in To:, Cc: or Bcc:");
            }
        }
        MailImpl mail = MailImpl.builder()
            .name(name)
            .sender(sender)
            .addRecipients(recipients)
            .remoteAddr("127.0.0.1")
            .remoteHost("localhost")
            .mimeMessage(message)
            .addAttribute(new Attribute(SpoolgateAttributes.ORIGIN, AttributeValue.of("spool")))
            .addAttribute(new Attribute(SpoolgateAttributes.SPOOL_USERID, AttributeValue.of(m.origin().userid())))
            .addAttribute(new Attribute(SpoolgateAttributes.SPOOL_NODE, AttributeValue.of(m.origin().node())))
            .addAttribute(new Attribute(SpoolgateAttributes.SPOOL_ID, AttributeValue.of(file.spoolId())))
            .build();
        return mail;
    }

    private void addRecipient(String rcpt, List<MailAddress> recipients, List<String> refused, IntakeMail m) {
        try {
            recipients.add(new MailAddress(qualify(rcpt)));
        } catch (AddressException | IllegalArgumentException e) {
            refused.add("mail " + (m.transaction() + 1) + ": recipient <" + rcpt + "> refused: " + e.getMessage());
        }
    }

    /** {@code USER1} and {@code USER1 AT NODE} (VM habits) become {@code user1@domain}. */
    private String qualify(String address) {
        String a = address.trim();
        int at = a.toUpperCase(Locale.ROOT).indexOf(" AT ");
        if (at > 0 && !a.contains("@")) {
            a = a.substring(0, at).trim();
        }
        return a.contains("@") ? a : a.toLowerCase(Locale.ROOT) + "@" + settings.domain();
    }

    private void reject(IncomingFile file, Path data, String reason) {
        filesRejected.incrementAndGet();
        metrics.count("spoolgate_intake_rejected");
        try {
            Path kept = reader.reject(file, data, rejected,
                "spool file " + file.key() + " from " + file.origin() + (file.node().isBlank() ? "" : " at " + file.node())
                    + " (" + file.fileName() + " " + file.fileType() + "): " + reason);
            LOGGER.error("Spool file {} from {} rejected, kept as {}: {}", file.key(), file.origin(), kept, reason);
            DELIVERY.warn("spool-{} ** R=spool U={} rejected: {}", file.key(), file.origin(), reason);
            notifySender(file.origin(), file.spoolId(),
                "Spool file " + SpoolNames.spoolId(file.spoolId()) + " rejected",
                List.of(reason, "", "Nothing in the file was sent. The file is kept by the mail administrator."));
        } catch (IOException e) {
            LOGGER.error("Spool file {} cannot be decoded ({}) and cannot be moved to the rejected area: {}",
                file.key(), reason, e.getMessage());
        }
    }

    /** Punches a note into the sender's reader (when it is a VM userid). */
    private void notifySender(String userid, int spoolId, String subject, List<String> details) {
        if (!settings.notifySender()) {
            return;
        }
        VmUserid to;
        try {
            to = VmUserid.of(userid);
        } catch (IllegalArgumentException e) {
            return;
        }
        byte[] note = SenderNotice.build(settings.userid().value(), settings.domain(), to.value(), spoolId, subject,
            details, clock.instant().atZone(ZoneOffset.UTC));
        PunchRequest request = new PunchRequest(to, 'A', settings.userid().value(), "NOTE", settings.userid(),
            settings.node(), DeliveryFormat.NETDATA, "notice-" + settings.userid() + "-" + spoolId + "-" + clock.millis(),
            "", List.of(to.value().toLowerCase(Locale.ROOT) + "@" + settings.domain()));
        ReaderFileEncoder encoder = new ReaderFileEncoder(settings.node().length() <= 8 ? settings.node() : "VMNODE",
            settings.domain(), ReaderFileEncoder.AUTO_LRECL);
        try {
            notices.punch(request, out -> encoder.encode(request, clock.instant(), () -> new ByteArrayInputStream(note),
                note.length, out));
        } catch (IOException e) {
            LOGGER.error("Cannot punch the notice about spool file {} to {}: {}", spoolId, to, e.getMessage());
        }
    }

    private static void cleanWorkDirectory(Path work) throws IOException {
        if (Files.isDirectory(work)) {
            try (var files = Files.list(work)) {
                for (Path p : files.toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    private static String digest(Path data) throws IOException {
        try (InputStream in = Files.newInputStream(data)) {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[64 * 1024];
            for (int n; (n = in.read(buf)) > 0; ) {
                sha.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
