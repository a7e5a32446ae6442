package io.spoolgate.scan.banned;

import io.spoolgate.scan.mime.MimeLeaves;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import javax.mail.MessagingException;
import javax.mail.Part;

/**
 * Finds the parts of a message that carry a banned file name, either declared on the part (decoded, RFC 2231 and
 * encoded words included) or as a member of an attached zip archive (nested zips included, bounded).
 */
public final class BannedPartFinder {
    private final BannedNameRules rules;
    private final ZipEntryNames zipNames;

    /**
     * @param rules the name rules
     * @param zipNames how archives are listed
     */
    public BannedPartFinder(BannedNameRules rules, ZipEntryNames zipNames) {
        this.rules = Objects.requireNonNull(rules, "rules");
        this.zipNames = Objects.requireNonNull(zipNames, "zipNames");
    }

    /**
     * A part and what is banned in it.
     *
     * @param part the MIME part
     * @param findings the banned names it carries
     */
    public record BannedPart(Part part, List<BannedFinding> findings) {
    }

    /**
     * @param message a message
     * @return the offending parts, empty when nothing is banned
     * @throws MessagingException when the structure cannot be parsed
     * @throws IOException when the content cannot be read
     */
    public List<BannedPart> find(Part message) throws MessagingException, IOException {
        List<BannedPart> found = new ArrayList<>();
        for (Part leaf : MimeLeaves.of(message)) {
            List<BannedFinding> findings = new ArrayList<>();
            boolean zip = leaf.isMimeType("application/zip") || leaf.isMimeType("application/x-zip-compressed");
            for (String name : PartFileNames.of(leaf)) {
                rules.check(name).ifPresent(reason -> findings.add(new BannedFinding(name, reason)));
                zip |= name.toLowerCase(Locale.ROOT).endsWith(".zip");
            }
            if (zip) {
                String archive = PartFileNames.of(leaf).stream().findFirst().orElse("archive.zip");
                try (InputStream in = leaf.getInputStream()) {
                    for (String member : zipNames.list(in)) {
                        rules.check(member).ifPresent(reason -> findings.add(new BannedFinding(archive + "/" + member, reason)));
                    }
                }
            }
            if (!findings.isEmpty()) {
                found.add(new BannedPart(leaf, List.copyOf(findings)));
            }
        }
        return found;
    }
}
