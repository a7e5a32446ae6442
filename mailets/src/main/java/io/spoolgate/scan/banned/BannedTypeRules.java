package io.spoolgate.scan.banned;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Type rules for banned parts, besides the name rules (amavis's {@code banned_filename_re} also matches declared MIME
 * types and file(1)'s verdict):
 * <ul>
 *   <li>{@code declaredTypes} — banned declared Content-Types, compared on the base type without parameters,
 *       case-insensitive; {@code type/*} bans a whole top-level type (default {@link #DEFAULT_DECLARED});</li>
 *   <li>{@code sniffedTypes} — banned {@link ContentSniffer} types found in the first bytes of the decoded content,
 *       whatever the name and declared type (default {@code exe, elf, lnk}: a Windows executable renamed to
 *       {@code .txt} is still banned).</li>
 * </ul>
 */
public final class BannedTypeRules {
    /** Declared types banned by default: Windows and Unix executables, HTML applications, shortcuts. */
    public static final List<String> DEFAULT_DECLARED = List.of("application/x-msdownload", "application/x-msdos-program",
        "application/x-ms-dos-executable", "application/x-dosexec", "application/x-executable",
        "application/vnd.microsoft.portable-executable", "application/hta", "application/x-ms-shortcut");
    /** Sniffed types banned by default. */
    public static final List<String> DEFAULT_SNIFFED = List.of("exe", "elf", "lnk");

    private final Set<String> declared;
    private final Set<String> sniffed;

    /**
     * @param declaredTypes banned declared types ({@code type/subtype} or {@code type/*})
     * @param sniffedTypes banned sniffed types, among {@link ContentSniffer#TYPES}
     * @throws IllegalArgumentException for a malformed type or an unknown sniffed type
     */
    public BannedTypeRules(List<String> declaredTypes, List<String> sniffedTypes) {
        Set<String> d = new LinkedHashSet<>();
        for (String t : declaredTypes) {
            String x = t.strip().toLowerCase(Locale.ROOT);
            if (!x.isEmpty()) {
                if (!x.matches("[a-z0-9!#$&^_.+-]+/([a-z0-9!#$&^_.+-]+|\\*)")) {
                    throw new IllegalArgumentException("banned.types: '" + t + "' is not a MIME type (type/subtype or type/*)");
                }
                d.add(x);
            }
        }
        Set<String> s = new LinkedHashSet<>();
        for (String t : sniffedTypes) {
            String x = t.strip().toLowerCase(Locale.ROOT);
            if (!x.isEmpty()) {
                if (!ContentSniffer.TYPES.contains(x)) {
                    throw new IllegalArgumentException("banned.sniff: unknown type '" + t + "' (known: "
                        + String.join(", ", ContentSniffer.TYPES) + ")");
                }
                s.add(x);
            }
        }
        this.declared = Set.copyOf(d);
        this.sniffed = Set.copyOf(s);
    }

    /** @return the default rules */
    public static BannedTypeRules defaults() {
        return new BannedTypeRules(DEFAULT_DECLARED, DEFAULT_SNIFFED);
    }

    /** @return rules that ban nothing */
    public static BannedTypeRules none() {
        return new BannedTypeRules(List.of(), List.of());
    }

    /**
     * @param contentType a declared Content-Type, parameters allowed (may be null)
     * @return why it is banned, or empty
     */
    public Optional<String> checkDeclared(String contentType) {
        if (contentType == null || declared.isEmpty()) {
            return Optional.empty();
        }
        String base = contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        int slash = base.indexOf('/');
        if (declared.contains(base) || (slash > 0 && declared.contains(base.substring(0, slash) + "/*"))) {
            return Optional.of("banned type " + base);
        }
        return Optional.empty();
    }

    /**
     * @param head the first bytes of the decoded content
     * @return why it is banned, or empty
     */
    public Optional<String> checkContent(byte[] head) {
        if (sniffed.isEmpty()) {
            return Optional.empty();
        }
        return ContentSniffer.sniff(head).filter(sniffed::contains).map(t -> "content is " + t);
    }
}
