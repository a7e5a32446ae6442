package io.spoolgate.scan.banned;

import io.spoolgate.scan.mime.MimeLeaves;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import javax.mail.MessagingException;
import javax.mail.Part;

/**
 * Finds the parts of a message that carry a banned file: by a declared name (decoded, RFC 2231 and encoded words
 * included), by the declared Content-Type, or by what the decoded content's first bytes are ({@link ContentSniffer});
 * members of attached zip archives (recognised by type, name or content; nested zips included, bounded) are checked by
 * name and content. A name matched by {@code banned.allow} is exempt from every rule.
 */
public final class BannedPartFinder {
    private final BannedNameRules rules;
    private final BannedTypeRules types;
    private final ZipEntryNames zipNames;

    /**
     * @param rules the name rules
     * @param types the declared-type and content rules
     * @param zipNames how archives are listed
     */
    public BannedPartFinder(BannedNameRules rules, BannedTypeRules types, ZipEntryNames zipNames) {
        this.rules = Objects.requireNonNull(rules, "rules");
        this.types = Objects.requireNonNull(types, "types");
        this.zipNames = Objects.requireNonNull(zipNames, "zipNames");
    }

    /**
     * Name rules only (no type or content rules).
     *
     * @param rules the name rules
     * @param zipNames how archives are listed
     */
    public BannedPartFinder(BannedNameRules rules, ZipEntryNames zipNames) {
        this(rules, BannedTypeRules.none(), zipNames);
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
            Set<String> names = PartFileNames.of(leaf);
            boolean allowed = names.stream().anyMatch(rules::allowed);
            String label = names.stream().findFirst().orElse("(unnamed " + baseType(leaf) + " part)");
            boolean zip = leaf.isMimeType("application/zip") || leaf.isMimeType("application/x-zip-compressed");
            for (String name : names) {
                rules.check(name).ifPresent(reason -> findings.add(new BannedFinding(name, reason)));
                zip |= name.toLowerCase(Locale.ROOT).endsWith(".zip");
            }
            byte[] head;
            try (InputStream in = leaf.getInputStream()) {
                head = in.readNBytes(ContentSniffer.HEAD_BYTES);
            }
            if (!allowed) {
                types.checkDeclared(leaf.getContentType()).ifPresent(reason -> findings.add(new BannedFinding(label, reason)));
                types.checkContent(head).ifPresent(reason -> findings.add(new BannedFinding(label, reason)));
            }
            zip |= ContentSniffer.sniff(head).filter("zip"::equals).isPresent();
            if (zip) {
                String archive = names.stream().findFirst().orElse("archive.zip");
                try (InputStream in = leaf.getInputStream()) {
                    for (ZipEntryNames.Member member : zipNames.members(in)) {
                        String where = archive + "/" + member.name();
                        rules.check(member.name()).ifPresent(reason -> findings.add(new BannedFinding(where, reason)));
                        if (!rules.allowed(member.name())) {
                            types.checkContent(member.head()).ifPresent(reason -> findings.add(new BannedFinding(where, reason)));
                        }
                    }
                }
            }
            if (!findings.isEmpty()) {
                found.add(new BannedPart(leaf, List.copyOf(findings)));
            }
        }
        return found;
    }

    private static String baseType(Part part) throws MessagingException {
        String type = part.getContentType();
        return type == null ? "text/plain" : type.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
    }
}
