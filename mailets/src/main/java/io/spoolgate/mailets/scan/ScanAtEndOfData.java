package io.spoolgate.mailets.scan;

import io.spoolgate.scan.policy.Destiny;
import io.spoolgate.scan.policy.ScanPolicies;
import io.spoolgate.scan.policy.ThresholdPolicy;
import java.util.Collection;
import java.util.function.BiPredicate;
import javax.inject.Inject;
import javax.mail.MessagingException;
import org.apache.commons.configuration2.Configuration;
import org.apache.james.core.MailAddress;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.HookReturnCode;
import org.apache.james.smtpserver.JamesMessageHook;
import org.apache.mailet.Mail;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Optional SMTP-time scanning: at the end of DATA, scans with the same clients, rules and policies as
 * {@link ScanMail} and refuses viruses and kill-level spam with {@code 550} before the mail is accepted (amavis's
 * REJECT). A scanner failure answers {@code 451} (try again later) unless {@code failOpen}. Accepted mail carries the
 * verdicts, so {@code ScanMail} does not scan it again.
 *
 * <p>Threads: with Spoolgate's SMTP workers ({@code SmtpExitHandler} with {@code workers} above 0, as shipped) a scan
 * holds one worker and its own connection. Without them (stock James 3.8.1) hooks run on the SMTP I/O threads, so a
 * scan delays other sessions on the same thread: keep {@code spamd.timeout} short and raise {@code ioWorkerCount}, or
 * scan only in the spooler.
 *
 * <p>Parameters ({@code <handler>} children, all optional):
 * <ul>
 *   <li>{@code rejectVirus} — 550 for infected mail (default true)</li>
 *   <li>{@code rejectSpam} — 550 when the score (each recipient's own, from its spamd user) reaches the kill level
 *       of every recipient's policy and no recipient's spam destiny is PASS (default true)</li>
 *   <li>{@code rejectBanned} — 550 for banned attachments when every recipient's banned destiny is REJECT
 *       (default false)</li>
 *   <li>{@code failOpen} — accept mail unchecked when a scanner fails instead of answering 451 (default false)</li>
 *   <li>{@code scanAuthenticated} — also scan mail from authenticated or authorised clients (default true)</li>
 * </ul>
 */
public class ScanAtEndOfData implements JamesMessageHook {
    private static final Logger LOGGER = LoggerFactory.getLogger(ScanAtEndOfData.class);
    private final ScanningServices services;
    private boolean rejectVirus = true;
    private boolean rejectSpam = true;
    private boolean rejectBanned = false;
    private boolean failOpen = false;
    private boolean scanAuthenticated = true;
    private MailScanner scanner;

    /**
     * @param services shared scanning components
     */
    @Inject
    public ScanAtEndOfData(ScanningServices services) {
        this.services = services;
        this.scanner = new MailScanner(services, true, true, true, false, "Spoolgate ClamAV at " + ScanMail.hostName());
    }

    @Override
    public void init(Configuration config) {
        rejectVirus = config.getBoolean("rejectVirus", true);
        rejectSpam = config.getBoolean("rejectSpam", true);
        rejectBanned = config.getBoolean("rejectBanned", false);
        failOpen = config.getBoolean("failOpen", false);
        scanAuthenticated = config.getBoolean("scanAuthenticated", true);
    }

    @Override
    public HookResult onMessage(SMTPSession session, Mail mail) {
        if (!scanAuthenticated && (session.getUsername() != null || session.isRelayingAllowed())) {
            return HookResult.DECLINED;
        }
        try {
            MailScanner.Outcome outcome = scanner.scan(mail);
            if (!outcome.failures().isEmpty() && !failOpen) {
                services.counters().increment("smtp.tempfail");
                LOGGER.warn("451 for mail from {} ({}): {}", session.getRemoteAddress(), session.getSessionID(),
                    String.join("; ", outcome.failures()));
                return reply(HookReturnCode.denySoft(), "451", "4.7.1 Content scanner unavailable, try again later");
            }
            if (rejectVirus && outcome.infected()) {
                services.counters().increment("smtp.rejectVirus");
                return reply(HookReturnCode.deny(), "550", "5.7.1 Message rejected: virus "
                    + String.join(", ", outcome.virus().virusNames()));
            }
            if (rejectBanned && !outcome.banned().isEmpty() && all(mail.getRecipients(), (r, p) -> p.bannedDestiny() == Destiny.REJECT)) {
                services.counters().increment("smtp.rejectBanned");
                return reply(HookReturnCode.deny(), "550", "5.7.1 Message rejected: banned attachment " + outcome.banned().get(0));
            }
            if (rejectSpam && outcome.spam().isPresent()) {
                if (all(mail.getRecipients(), (r, p) -> outcome.spamFor(r).filter(v -> v.score() >= p.kill()).isPresent()
                    && p.spamDestiny() != Destiny.PASS)) {
                    services.counters().increment("smtp.rejectSpam");
                    return reply(HookReturnCode.deny(), "550", "5.7.1 Message rejected as spam");
                }
            }
            scanner.record(mail, outcome);
            return HookResult.DECLINED;
        } catch (MessagingException | RuntimeException e) {
            LOGGER.error("SMTP-time scan of a mail from {} failed", session.getRemoteAddress(), e);
            return failOpen ? HookResult.DECLINED
                : reply(HookReturnCode.denySoft(), "451", "4.3.0 Temporary failure while scanning, try again later");
        }
    }

    private boolean all(Collection<MailAddress> recipients, BiPredicate<MailAddress, ThresholdPolicy> test) {
        ScanPolicies policies = services.settings().policies();
        return !recipients.isEmpty() && recipients.stream().allMatch(r -> test.test(r, policies.forRecipient(r.asString())));
    }

    private static HookResult reply(HookReturnCode code, String smtpCode, String description) {
        return HookResult.builder().hookReturnCode(code).smtpReturnCode(smtpCode).smtpDescription(description).build();
    }
}
