package io.spoolgate.mailets.scan;

import io.spoolgate.scan.ScanCounters;
import io.spoolgate.scan.ScannerUnavailableException;
import io.spoolgate.scan.banned.BannedFinding;
import io.spoolgate.scan.banned.BannedPartFinder;
import io.spoolgate.scan.clamav.VirusScanResult;
import io.spoolgate.scan.policy.SpamHeaders;
import io.spoolgate.scan.spamassassin.SpamVerdict;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javax.inject.Inject;
import javax.mail.Header;
import javax.mail.MessagingException;
import javax.mail.internet.MimeMessage;
import org.apache.james.mailrepository.api.MailRepositoryStore;
import org.apache.james.queue.api.MailQueueFactory;
import org.apache.james.server.core.MimeMessageInputStream;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMailet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scans a mail once with clamd ({@code zINSTREAM}, streamed), spamd ({@code SYMBOLS}, one call per mail) and the
 * banned-file rules, and records the results as mail attributes ({@link ScanAttributes}) for the matchers
 * ({@code IsInfected}, {@code SpamScoreAbove}, {@code HasBannedAttachment}, {@code ScanDestinyIs}, …) and the
 * tagging mailets. Incoming {@code X-Spam-*} headers are removed first so that nobody can forge a verdict, and
 * {@code X-Virus-Scanned} is added. Mail that already carries a verdict (scanned at SMTP time, split copies) is not
 * scanned again.
 *
 * <p>When a scanner is down or times out the mail is <b>not</b> passed: it is re-enqueued with back-off and, after
 * {@code maxRetries}, stored in {@code exhaustedRepository} — unless {@code failOpen} is set, in which case it is
 * marked unchecked (category UNCHECKED) and continues.
 *
 * <p>Parameters (all optional):
 * <ul>
 *   <li>{@code virus} — scan with clamd (default true)</li>
 *   <li>{@code spam} — score with spamd (default true)</li>
 *   <li>{@code banned} — apply the banned-file rules (default true)</li>
 *   <li>{@code scanSpoolOrigin} — also scan mail coming from the VM spool, attribute {@code spoolgate.origin=spool}
 *       (default false)</li>
 *   <li>{@code failOpen} — on scanner failure mark the mail unchecked and go on instead of deferring (default false)</li>
 *   <li>{@code tooLarge} — what a clamd "size limit exceeded" means: {@code unchecked} (default) or {@code clean}</li>
 *   <li>{@code retryDelays} — comma list of delays between attempts, the last one repeats (default
 *       {@code 1m,5m,15m,30m,1h})</li>
 *   <li>{@code maxRetries} — deferrals before giving up (default 24)</li>
 *   <li>{@code retryQueue} — queue to re-enqueue into (default {@code spool})</li>
 *   <li>{@code exhaustedRepository} — where mail goes after maxRetries (default
 *       {@code file://var/mail/scan-failed/})</li>
 *   <li>{@code scannedHeader} — value of {@code X-Virus-Scanned} (default {@code Spoolgate ClamAV at <host name>});
 *       empty = no header</li>
 * </ul>
 */
public class ScanMail extends GenericMailet {
    private static final Logger LOGGER = LoggerFactory.getLogger(ScanMail.class);
    private final ScanningServices services;
    private final MailQueueFactory<?> queues;
    private final MailRepositoryStore repositories;
    private boolean scanVirus;
    private boolean scanSpam;
    private boolean scanBanned;
    private boolean scanSpoolOrigin;
    private boolean failOpen;
    private boolean tooLargeIsClean;
    private String scannedHeader;
    private ScanDeferral deferral;

    /**
     * @param services shared scanning components
     * @param queues James' mail queues (for deferral)
     * @param repositories James' mail repositories (for exhausted retries)
     */
    @Inject
    public ScanMail(ScanningServices services, MailQueueFactory<?> queues, MailRepositoryStore repositories) {
        this.services = services;
        this.queues = queues;
        this.repositories = repositories;
    }

    @Override
    public void init() throws MessagingException {
        scanVirus = getInitParameter("virus", true);
        scanSpam = getInitParameter("spam", true);
        scanBanned = getInitParameter("banned", true);
        scanSpoolOrigin = getInitParameter("scanSpoolOrigin", false);
        failOpen = getInitParameter("failOpen", false);
        String tooLarge = getInitParameter("tooLarge", "unchecked").strip().toLowerCase(Locale.ROOT);
        if (!tooLarge.equals("unchecked") && !tooLarge.equals("clean")) {
            throw new MessagingException("ScanMail tooLarge must be 'unchecked' or 'clean', got '" + tooLarge + "'");
        }
        tooLargeIsClean = tooLarge.equals("clean");
        scannedHeader = getInitParameter("scannedHeader", "Spoolgate ClamAV at " + hostName());
        int maxRetries;
        try {
            maxRetries = Integer.parseInt(getInitParameter("maxRetries", "24").strip());
        } catch (NumberFormatException e) {
            throw new MessagingException("ScanMail maxRetries must be an integer, got '" + getInitParameter("maxRetries") + "'");
        }
        try {
            deferral = new ScanDeferral(queues, repositories, getInitParameter("retryQueue", "spool"),
                getInitParameter("retryDelays", "1m,5m,15m,30m,1h"), maxRetries,
                getInitParameter("exhaustedRepository", "file://var/mail/scan-failed/"));
        } catch (IllegalArgumentException e) {
            throw new MessagingException("ScanMail: " + e.getMessage(), e);
        }
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "localhost";
        }
    }

    @Override
    public void service(Mail mail) throws MessagingException {
        if (ScanAttributes.scanned(mail)) {
            return;
        }
        if (!scanSpoolOrigin && ScanAttributes.string(mail, ScanAttributes.ORIGIN).filter("spool"::equals).isPresent()) {
            return;
        }
        ScanCounters counters = services.counters();
        MimeMessage message = mail.getMessage();
        List<String> failures = new ArrayList<>();
        VirusScanResult virus = null;
        Optional<SpamVerdict> spam = Optional.empty();
        boolean spamSkipped = false;
        if (scanVirus) {
            try (InputStream in = new MimeMessageInputStream(message)) {
                virus = services.settings().clamd().scan(in);
            } catch (ScannerUnavailableException e) {
                counters.increment("clamd.failure");
                failures.add(e.getMessage());
            } catch (IOException e) {
                throw new MessagingException("cannot read mail " + mail.getName() + " for clamd", e);
            }
        }
        if (scanSpam && failures.isEmpty()) {
            try (InputStream in = new MimeMessageInputStream(message)) {
                String user = services.settings().spamdUser();
                spam = services.settings().spamd().scan(in, user.isEmpty() ? Optional.empty() : Optional.of(user));
                spamSkipped = spam.isEmpty();
            } catch (ScannerUnavailableException e) {
                counters.increment("spamd.failure");
                failures.add(e.getMessage());
            } catch (IOException e) {
                throw new MessagingException("cannot read mail " + mail.getName() + " for spamd", e);
            }
        }
        if (!failures.isEmpty() && !failOpen) {
            counters.increment("scan.deferred");
            deferral.defer(mail, String.join("; ", failures));
            return;
        }
        record(mail, message, virus, spam, spamSkipped, !failures.isEmpty());
        if (!failures.isEmpty()) {
            counters.increment("scan.failOpen");
            LOGGER.warn("mail {} passes UNCHECKED (failOpen=true): {}", mail.getName(), String.join("; ", failures));
        }
    }

    private void record(Mail mail, MimeMessage message, VirusScanResult virus, Optional<SpamVerdict> spam,
                        boolean spamSkipped, boolean failed) throws MessagingException {
        ScanCounters counters = services.counters();
        removeIncomingSpamHeaders(message);
        if (scanVirus) {
            String status;
            if (virus == null) {
                status = "unchecked";
            } else if (virus.infected()) {
                status = "infected";
                ScanAttributes.set(mail, ScanAttributes.VIRUS_NAMES, String.join(",", virus.virusNames()));
            } else if (virus.status() == VirusScanResult.Status.TOO_LARGE) {
                status = tooLargeIsClean ? "clean" : "unchecked";
                counters.increment("clamd.tooLarge");
            } else {
                status = "clean";
            }
            counters.increment("virus." + status);
            ScanAttributes.set(mail, ScanAttributes.VIRUS, status);
            if (!scannedHeader.isBlank() && virus != null) {
                message.setHeader("X-Virus-Scanned", scannedHeader);
            }
        }
        if (scanSpam) {
            if (spam.isPresent()) {
                ScanAttributes.setSpamVerdict(mail, spam.get());
                counters.increment("spam.scored");
            } else {
                ScanAttributes.set(mail, ScanAttributes.SPAM, spamSkipped ? "skipped" : (failed ? "unchecked" : "skipped"));
                counters.increment(spamSkipped ? "spam.skippedTooLarge" : "spam.unchecked");
            }
        }
        if (scanBanned) {
            findBanned(mail, message);
        }
        message.saveChanges();
    }

    private void findBanned(Mail mail, MimeMessage message) throws MessagingException {
        try {
            List<String> findings = new ArrayList<>();
            for (BannedPartFinder.BannedPart part : services.bannedPartFinder().find(message)) {
                for (BannedFinding f : part.findings()) {
                    findings.add(f.toString());
                }
            }
            if (!findings.isEmpty()) {
                ScanAttributes.set(mail, ScanAttributes.BANNED, String.join("; ", findings));
                services.counters().increment("banned.found");
            }
        } catch (IOException e) {
            throw new MessagingException("cannot read the parts of mail " + mail.getName() + " for banned files", e);
        }
    }

    private static void removeIncomingSpamHeaders(MimeMessage message) throws MessagingException {
        List<String> names = new ArrayList<>();
        for (Header h : Collections.list(message.getAllHeaders())) {
            if (h.getName().regionMatches(true, 0, SpamHeaders.PREFIX, 0, SpamHeaders.PREFIX.length())) {
                names.add(h.getName());
            }
        }
        for (String name : names) {
            message.removeHeader(name);
        }
    }

    @Override
    public String getMailetInfo() {
        return "Spoolgate virus, spam and banned-file scan";
    }
}
