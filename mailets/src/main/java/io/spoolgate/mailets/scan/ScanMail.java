package io.spoolgate.mailets.scan;

import java.io.IOException;
import java.net.InetAddress;
import java.util.Locale;
import javax.inject.Inject;
import javax.mail.MessagingException;
import org.apache.james.mailrepository.api.MailRepositoryStore;
import org.apache.james.queue.api.MailQueueFactory;
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
    private MailScanner scanner;
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
        scanner = new MailScanner(services, scanVirus, scanSpam, scanBanned, tooLargeIsClean,
            getInitParameter("scannedHeader", "Spoolgate ClamAV at " + hostName()));
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

    static String hostName() {
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
        MailScanner.Outcome outcome = scanner.scan(mail);
        if (!outcome.failures().isEmpty() && !failOpen) {
            services.counters().increment("scan.deferred");
            deferral.defer(mail, String.join("; ", outcome.failures()));
            return;
        }
        scanner.record(mail, outcome);
        if (!outcome.failures().isEmpty()) {
            services.counters().increment("scan.failOpen");
            LOGGER.warn("mail {} passes UNCHECKED (failOpen=true): {}", mail.getName(), String.join("; ", outcome.failures()));
        }
    }

    @Override
    public String getMailetInfo() {
        return "Spoolgate virus, spam and banned-file scan";
    }
}
