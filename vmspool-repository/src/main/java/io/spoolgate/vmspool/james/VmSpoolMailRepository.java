package io.spoolgate.vmspool.james;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.inject.Inject;
import javax.mail.MessagingException;
import javax.mail.internet.MimeMessage;

import org.apache.commons.configuration2.HierarchicalConfiguration;
import org.apache.commons.configuration2.tree.ImmutableNode;
import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.apache.james.filesystem.api.FileSystem;
import org.apache.james.lifecycle.api.Configurable;
import org.apache.james.mailrepository.api.Initializable;
import org.apache.james.mailrepository.api.MailKey;
import org.apache.james.mailrepository.api.MailRepository;
import org.apache.james.mailrepository.api.MailRepositoryUrl;
import org.apache.james.metrics.api.MetricFactory;
import org.apache.james.server.core.MailImpl;
import org.apache.james.server.core.MimeMessageInputStreamSource;
import org.apache.james.server.core.MimeMessageWrapper;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.apache.mailet.MailetContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.spoolgate.exit.MessageView;
import io.spoolgate.exit.PunchGate;
import io.spoolgate.exit.SpoolEnvelope;
import io.spoolgate.exit.Verdict;
import io.spoolgate.vmspool.directory.VmUserDirectory;
import io.spoolgate.vmspool.spool.DeliveryFormat;
import io.spoolgate.vmspool.spool.NameSyncer;
import io.spoolgate.vmspool.spool.PunchRequest;
import io.spoolgate.vmspool.spool.ReaderFileDecoder;
import io.spoolgate.vmspool.spool.ReaderFileEncoder;
import io.spoolgate.vmspool.spool.SpoolBackend;
import io.spoolgate.vmspool.spool.SpoolFile;
import io.spoolgate.vmspool.spool.SpoolKey;
import io.spoolgate.vmspool.spool.SpoolNames;
import io.spoolgate.vmspool.spool.VmUserid;

/**
 * The {@code vmspool://} mail repository: storing a mail punches it into the virtual readers of VM users; listing,
 * reading and removing show and manage what sits in those readers (so webadmin's {@code /mailRepositories} routes
 * work on it).
 *
 * <p>Used with the stock {@code ToRepository} mailet ({@code <repositoryPath>vmspool://readers</repositoryPath>}).
 * A URL whose last path segment is {@code netdata}, {@code bsmtp} or {@code bsmtp-cards} chooses that format
 * ({@code vmspool://readers/bsmtp}). Settings come from the {@code <config>} element of the {@code vmspool} entry in
 * {@code mailrepositorystore.xml}, see {@link VmSpoolSettings}.</p>
 *
 * <p>Each recipient goes to the reader named by {@link SpoolgateAttributes#ROUTES} (set by MAPUSER), else by the
 * default rule: the first 8 characters of the local part, upper-cased, when the VM user directory lists that userid,
 * else the default user. Recipients bound for the same reader share one reader file. Punching is idempotent per
 * James mail name and reader: a mail redelivered after a crash is not punched twice.</p>
 *
 * <p>A punch that fails (disk full, unwritable spool, CP error) throws {@link MessagingException} with the reason; the
 * shipped {@code mailetcontainer.xml} sends such mail to the {@code spool-retry} processor, which re-queues it.</p>
 */
public class VmSpoolMailRepository implements MailRepository, Configurable, Initializable {

    private static final Logger LOGGER = LoggerFactory.getLogger(VmSpoolMailRepository.class);
    private static final Logger DELIVERY = LoggerFactory.getLogger("spoolgate.delivery");

    private final MailRepositoryUrl url;
    private final FileSystem fileSystem;
    private final Clock clock;
    private final SpoolMetrics metrics;
    private final PunchGate exits;
    private final MailetContext mailetContext;
    private VmSpoolSettings settings;
    private SpoolBackend backend;
    private VmUserDirectory userDirectory;
    private ReaderFileEncoder encoder;

    /**
     * @param exits         the SMTP exits' {@code PUNCH} call ({@link PunchGate#NONE} without the exit host)
     * @param mailetContext used to bounce mail an exit refuses permanently
     */
    @Inject
    public VmSpoolMailRepository(MailRepositoryUrl url, FileSystem fileSystem, MetricFactory metricFactory,
                                 PunchGate exits, MailetContext mailetContext) {
        this(url, fileSystem, Clock.systemUTC(), new SpoolMetrics(metricFactory), exits, mailetContext);
    }

    /** Without metrics and exits (tests, tools). */
    public VmSpoolMailRepository(MailRepositoryUrl url, FileSystem fileSystem) {
        this(url, fileSystem, Clock.systemUTC(), SpoolMetrics.none(), PunchGate.NONE, null);
    }

    VmSpoolMailRepository(MailRepositoryUrl url, FileSystem fileSystem, Clock clock, SpoolMetrics metrics,
                          PunchGate exits, MailetContext mailetContext) {
        this.url = url;
        this.fileSystem = fileSystem;
        this.clock = clock;
        this.metrics = metrics;
        this.exits = exits;
        this.mailetContext = mailetContext;
    }

    @Override
    public void configure(HierarchicalConfiguration<ImmutableNode> configuration) {
        this.settings = VmSpoolSettings.from(configuration, url.getPath().asString());
    }

    @Override
    public void init() throws Exception {
        if (settings == null) {
            settings = VmSpoolSettings.from(new org.apache.commons.configuration2.BaseHierarchicalConfiguration(),
                url.getPath().asString());
        }
        backend = SpoolBackends.open(settings, fileSystem, clock);
        userDirectory = SpoolBackends.userDirectory(settings, fileSystem);
        encoder = new ReaderFileEncoder(settings.localNode(), settings.primaryHostname(), settings.lrecl());
        LOGGER.info("vmspool repository {}: {} backend at {}, format {}, default user {}", url.asString(),
            settings.backend(), settings.spoolRoot(), settings.format().configName(), settings.defaultUser());
    }

    @Override
    public MailKey store(Mail mail) throws MessagingException {
        Map<ReaderRoute, List<MailAddress>> byReader = routes(mail);
        // a format or file type set on the mail wins over MAPUSER's route, which wins over the repository's
        Optional<DeliveryFormat> mailFormat = stringAttribute(mail, SpoolgateAttributes.FORMAT).map(DeliveryFormat::parse);
        Optional<String> mailFileType = stringAttribute(mail, SpoolgateAttributes.FILE_TYPE);
        String sender = mail.getMaybeSender().asOptional().map(MailAddress::asString).orElse("");
        List<String> punched = new ArrayList<>();
        for (Map.Entry<ReaderRoute, List<MailAddress>> entry : byReader.entrySet()) {
            ReaderRoute route = entry.getKey();
            List<String> recipients = entry.getValue().stream().map(MailAddress::asString).toList();
            try {
                Optional<SpoolFile> earlier = backend.findByMailKey(route.userid(), mail.getName());
                if (earlier.isPresent()) {
                    metrics.count("spoolgate_punch_duplicates");
                    LOGGER.info("Mail {} is already in {}'s reader as spool file {}: not punched again",
                        mail.getName(), route.userid(), earlier.get().key());
                    punched.add(earlier.get().key());
                    continue;
                }
                PunchRequest request = new PunchRequest(route.userid(), settings.spoolClass(),
                    SpoolNames.fileNameForSender(sender),
                    mailFileType.or(route::fileType).orElse(settings.fileType()),
                    settings.originUserid(), settings.localNode(),
                    mailFormat.or(route::format).orElse(settings.format()), mail.getName(),
                    sender, recipients);
                MimeMessage message = mail.getMessage();
                long size = mail.getMessageSize();
                if (exits != PunchGate.NONE && refusedByExit(mail, route, sender, recipients, message, size)) {
                    continue;
                }
                SpoolFile[] done = new SpoolFile[1];
                NameSyncer names = SpoolBackends.deferredNames().orElse(null);
                metrics.timed("spoolgate_punch", () -> done[0] = backend.punch(request,
                    out -> encoder.encode(request, clock.instant(), () -> MessageStreams.open(message), size, out),
                    names));
                SpoolFile file = done[0];
                metrics.count("spoolgate_punched_" + file.format().configName());
                punched.add(file.key());
                for (String rcpt : recipients) {
                    DELIVERY.info("{} => {} <{}> R=vmspool spoolid={} format={} records={} size={}", mail.getName(),
                        file.owner(), rcpt, SpoolNames.spoolId(file.spoolId()), file.format().configName(),
                        file.records(), file.bytes());
                }
            } catch (IOException | RuntimeException e) {
                metrics.count("spoolgate_punch_failures");
                for (String rcpt : recipients) {
                    DELIVERY.warn("{} == {} <{}> R=vmspool defer: {}", mail.getName(), route.userid(), rcpt, e.getMessage());
                }
                throw new MessagingException("cannot punch mail " + mail.getName() + " into " + route.userid()
                    + "'s reader (" + settings.spoolRoot() + "): " + e.getMessage(), e);
            }
        }
        List<AttributeValue<?>> keys = new ArrayList<>();
        punched.forEach(k -> keys.add(AttributeValue.of(k)));
        mail.setAttribute(new Attribute(SpoolgateAttributes.PUNCHED, AttributeValue.of(keys)));
        return MailKey.forMail(mail);
    }

    /**
     * The {@code PUNCH} exit call. A permanent reject bounces these recipients (the mail goes on for the others); a
     * temporary one is a {@link MessagingException}, so the mail waits in spool-retry and is tried again.
     *
     * @return true when the recipients were bounced and nothing is to be punched
     */
    private boolean refusedByExit(Mail mail, ReaderRoute route, String sender, List<String> recipients,
                                  MimeMessage message, long size) throws MessagingException {
        Verdict verdict = exits.beforePunch(new SpoolEnvelope(mail.getName(), route.userid().value(),
            settings.localNode(), "", sender, recipients), new MessageView() {
                @Override
                public long size() {
                    return size;
                }

                @Override
                public InputStream open() throws IOException {
                    return MessageStreams.open(message);
                }
            });
        if (!verdict.isReject()) {
            return false;
        }
        String reason = verdict.code() + " " + verdict.text();
        if (!verdict.isPermanent() || mailetContext == null) {
            throw new MessagingException("the PUNCH exit refused mail " + mail.getName() + " for " + route.userid()
                + " for now: " + reason);
        }
        for (String rcpt : recipients) {
            DELIVERY.warn("{} ** {} <{}> R=vmspool exit reject: {}", mail.getName(), route.userid(), rcpt, reason);
        }
        Mail refused = mail.duplicate();
        List<MailAddress> addresses = new ArrayList<>();
        for (String r : recipients) {
            addresses.add(new MailAddress(r));
        }
        refused.setRecipients(addresses);
        mailetContext.bounce(refused, "Delivery to VM user " + route.userid() + " refused: " + reason);
        return true;
    }

    /** Groups the recipients by reader route (MAPUSER's routes first, else the default rule). */
    Map<ReaderRoute, List<MailAddress>> routes(Mail mail) throws MessagingException {
        Map<String, String> mapped = routeAttribute(mail);
        Map<ReaderRoute, List<MailAddress>> result = new LinkedHashMap<>();
        for (MailAddress rcpt : mail.getRecipients()) {
            String given = mapped.get(rcpt.asString());
            ReaderRoute route;
            try {
                route = given != null ? ReaderRoute.parse(given) : defaultRoute(rcpt);
            } catch (IllegalArgumentException e) {
                throw new MessagingException("mail " + mail.getName() + ", recipient " + rcpt + ": " + e.getMessage(), e);
            }
            result.computeIfAbsent(route, r -> new ArrayList<>()).add(rcpt);
        }
        return result;
    }

    private ReaderRoute defaultRoute(MailAddress rcpt) {
        VmUserid userid = VmUserid.fromLocalPart(rcpt.getLocalPart())
            .filter(userDirectory::exists)
            .orElse(settings.defaultUser());
        return new ReaderRoute(userid, Optional.empty(), Optional.empty());
    }

    private static Map<String, String> routeAttribute(Mail mail) {
        Map<String, String> result = new LinkedHashMap<>();
        mail.getAttribute(SpoolgateAttributes.ROUTES).ifPresent(attribute -> {
            if (attribute.getValue().value() instanceof Map<?, ?> map) {
                map.forEach((k, v) -> result.put(String.valueOf(k),
                    v instanceof AttributeValue<?> av ? String.valueOf(av.value()) : String.valueOf(v)));
            }
        });
        return result;
    }

    private static Optional<String> stringAttribute(Mail mail, org.apache.mailet.AttributeName name) {
        return mail.getAttribute(name).map(a -> String.valueOf(a.getValue().value()));
    }

    @Override
    public Iterator<MailKey> list() throws MessagingException {
        List<MailKey> keys = new ArrayList<>();
        try {
            for (VmUserid owner : backend.readers()) {
                for (SpoolFile f : backend.list(owner)) {
                    keys.add(new MailKey(f.key()));
                }
            }
        } catch (IOException e) {
            throw new MessagingException("cannot list the readers under " + settings.spoolRoot() + ": " + e.getMessage(), e);
        }
        return keys.iterator();
    }

    @Override
    public long size() throws MessagingException {
        long n = 0;
        for (Iterator<MailKey> it = list(); it.hasNext(); it.next()) {
            n++;
        }
        return n;
    }

    /** Reads a reader file back as a mail: envelope from its attributes, message decoded from the spool data. */
    @Override
    public Mail retrieve(MailKey key) throws MessagingException {
        Optional<SpoolKey> spoolKey = parseKey(key);
        if (spoolKey.isEmpty()) {
            return null;
        }
        try {
            Optional<SpoolFile> file = backend.find(spoolKey.get().owner(), spoolKey.get().spoolId());
            if (file.isEmpty()) {
                return null;
            }
            Path decoded = Files.createTempFile("spoolgate-retrieve-", ".eml");
            try {
                try (InputStream in = backend.open(file.get()); OutputStream out = Files.newOutputStream(decoded)) {
                    ReaderFileDecoder.decodeMessage(file.get().format(), in, out);
                }
                MimeMessageInputStreamSource source;
                try (InputStream in = Files.newInputStream(decoded)) {
                    source = MimeMessageInputStreamSource.create(key.asString(), in);
                }
                List<MailAddress> recipients = new ArrayList<>();
                for (String r : file.get().recipients()) {
                    recipients.add(new MailAddress(r));
                }
                return MailImpl.builder()
                    .name(key.asString())
                    .sender(file.get().sender().isEmpty() ? MaybeSender.nullSender() : MaybeSender.getMailSender(file.get().sender()))
                    .addRecipients(recipients)
                    .mimeMessage(new MimeMessageWrapper(source))
                    .build();
            } finally {
                Files.deleteIfExists(decoded);
            }
        } catch (IOException e) {
            throw new MessagingException("cannot read reader file " + key.asString() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void remove(MailKey key) throws MessagingException {
        Optional<SpoolKey> spoolKey = parseKey(key);
        if (spoolKey.isEmpty()) {
            return;
        }
        try {
            if (backend.purge(spoolKey.get().owner(), spoolKey.get().spoolId())) {
                LOGGER.info("Reader file {} purged", key.asString());
            }
        } catch (IOException e) {
            throw new MessagingException("cannot purge reader file " + key.asString() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void remove(Collection<MailKey> keys) throws MessagingException {
        for (MailKey k : keys) {
            remove(k);
        }
    }

    @Override
    public void removeAll() throws MessagingException {
        List<MailKey> keys = new ArrayList<>();
        list().forEachRemaining(keys::add);
        remove(keys);
    }

    private static Optional<SpoolKey> parseKey(MailKey key) {
        try {
            return Optional.of(SpoolKey.parse(key.asString()));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    VmSpoolSettings settings() {
        return settings;
    }
}
