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
import io.spoolgate.scan.policy.ScanPolicies;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.james.core.MailAddress;
import javax.mail.Header;
import javax.mail.MessagingException;
import javax.mail.internet.MimeMessage;
import org.apache.james.server.core.MimeMessageInputStream;
import org.apache.mailet.Mail;

/**
 * Runs the scanners on one mail and records their verdicts; shared by the {@link ScanMail} mailet and the
 * {@link ScanAtEndOfData} SMTP handler so both behave the same.
 */
final class MailScanner {
    private final ScanningServices services;
    private final boolean scanVirus;
    private final boolean scanSpam;
    private final boolean scanBanned;
    private final boolean tooLargeIsClean;
    private final String scannedHeader;

    MailScanner(ScanningServices services, boolean scanVirus, boolean scanSpam, boolean scanBanned,
                boolean tooLargeIsClean, String scannedHeader) {
        this.services = services;
        this.scanVirus = scanVirus;
        this.scanSpam = scanSpam;
        this.scanBanned = scanBanned;
        this.tooLargeIsClean = tooLargeIsClean;
        this.scannedHeader = scannedHeader;
    }

    /**
     * What the scanners said.
     *
     * @param virus clamd's verdict, null when not scanned or failed
     * @param spam spamd's verdict (for the first recipient's spamd user), empty when not scanned, too large or failed
     * @param spamByRecipient each recipient's verdict when the recipients have different spamd users, else empty
     * @param spamTooLarge the mail exceeded spamd.maxSize
     * @param banned banned findings
     * @param failures scanner failures, empty when all answered
     */
    record Outcome(VirusScanResult virus, Optional<SpamVerdict> spam, Map<String, SpamVerdict> spamByRecipient,
                   boolean spamTooLarge, List<String> banned, List<String> failures) {
        boolean infected() {
            return virus != null && virus.infected();
        }

        /** @return the verdict for one recipient (its spamd user's), else the mail's */
        Optional<SpamVerdict> spamFor(MailAddress recipient) {
            SpamVerdict own = spamByRecipient.get(recipient.asString());
            return own != null ? Optional.of(own) : spam;
        }
    }

    /**
     * The recipients grouped by the spamd user their policy gives them, in order of first appearance: spamd is called
     * once per group. A mail without recipients makes one group with the default policy's fixed user, if any.
     *
     * @param policies the policy banks
     * @param recipients the mail's recipients
     * @return recipients per spamd user (empty key: no {@code User:})
     */
    static Map<Optional<String>, List<MailAddress>> bySpamdUser(ScanPolicies policies, Collection<MailAddress> recipients) {
        Map<Optional<String>, List<MailAddress>> groups = new LinkedHashMap<>();
        if (recipients.isEmpty()) {
            groups.put(policies.defaultPolicy().spamdUser().userFor(null), List.of());
        }
        for (MailAddress r : recipients) {
            Optional<String> user = policies.forRecipient(r.asString()).spamdUser().userFor(r.asString());
            groups.computeIfAbsent(user, u -> new ArrayList<>()).add(r);
        }
        return groups;
    }

    Outcome scan(Mail mail) throws MessagingException {
        ScanCounters counters = services.counters();
        MimeMessage message = mail.getMessage();
        List<String> failures = new ArrayList<>();
        VirusScanResult virus = null;
        Optional<SpamVerdict> spam = Optional.empty();
        boolean spamTooLarge = false;
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
        Map<String, SpamVerdict> spamByRecipient = new LinkedHashMap<>();
        if (scanSpam && failures.isEmpty() && (virus == null || !virus.infected())) {
            Map<Optional<String>, List<MailAddress>> groups = bySpamdUser(services.settings().policies(), mail.getRecipients());
            for (Map.Entry<Optional<String>, List<MailAddress>> group : groups.entrySet()) {
                Optional<SpamVerdict> verdict;
                try (InputStream in = new MimeMessageInputStream(message)) {
                    verdict = services.settings().spamd().scan(in, group.getKey());
                    counters.increment("spamd.call");
                } catch (ScannerUnavailableException e) {
                    counters.increment("spamd.failure");
                    failures.add(e.getMessage());
                    spam = Optional.empty();
                    spamByRecipient.clear();
                    break;
                } catch (IOException e) {
                    throw new MessagingException("cannot read mail " + mail.getName() + " for spamd", e);
                }
                if (verdict.isEmpty()) {
                    spamTooLarge = true;
                    spam = Optional.empty();
                    spamByRecipient.clear();
                    break;
                }
                if (spam.isEmpty()) {
                    spam = verdict;
                }
                for (MailAddress r : group.getValue()) {
                    spamByRecipient.put(r.asString(), verdict.get());
                }
            }
            if (groups.size() < 2) {
                spamByRecipient.clear();
            }
        }
        List<String> banned = new ArrayList<>();
        if (scanBanned) {
            try {
                for (BannedPartFinder.BannedPart part : services.bannedPartFinder().find(message)) {
                    for (BannedFinding f : part.findings()) {
                        banned.add(f.toString());
                    }
                }
            } catch (IOException e) {
                throw new MessagingException("cannot read the parts of mail " + mail.getName() + " for banned files", e);
            }
        }
        return new Outcome(virus, spam, Map.copyOf(spamByRecipient), spamTooLarge, banned, failures);
    }

    void record(Mail mail, Outcome outcome) throws MessagingException {
        ScanCounters counters = services.counters();
        MimeMessage message = mail.getMessage();
        removeIncomingSpamHeaders(message);
        if (scanVirus) {
            VirusScanResult virus = outcome.virus();
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
            if (outcome.spam().isPresent()) {
                ScanAttributes.setSpamVerdict(mail, outcome.spam().get());
                if (!outcome.spamByRecipient().isEmpty()) {
                    ScanAttributes.setRecipientVerdicts(mail, orderedByRecipient(mail, outcome));
                }
                counters.increment("spam.scored");
            } else if (outcome.spamTooLarge()) {
                ScanAttributes.set(mail, ScanAttributes.SPAM, "skipped");
                counters.increment("spam.skippedTooLarge");
            } else if (!outcome.infected()) {
                ScanAttributes.set(mail, ScanAttributes.SPAM, "unchecked");
                counters.increment("spam.unchecked");
            }
        }
        if (!outcome.banned().isEmpty()) {
            ScanAttributes.set(mail, ScanAttributes.BANNED, String.join("; ", outcome.banned()));
            counters.increment("banned.found");
        }
        message.saveChanges();
    }

    private static Map<String, SpamVerdict> orderedByRecipient(Mail mail, Outcome outcome) {
        Map<String, SpamVerdict> ordered = new LinkedHashMap<>();
        for (MailAddress r : mail.getRecipients()) {
            outcome.spamFor(r).ifPresent(v -> ordered.put(r.asString(), v));
        }
        return ordered;
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
}
