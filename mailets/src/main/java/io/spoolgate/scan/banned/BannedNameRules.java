package io.spoolgate.scan.banned;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * File-name rules for banned attachments.
 *
 * <ul>
 *   <li>{@code extensions} — banned final extensions (default {@code exe vbs pif scr bat com});</li>
 *   <li>{@code doubleExtensions} — ban names with two extensions whose last one is in {@code executableExtensions}
 *       (default on, e.g. {@code invoice.pdf.exe}, also with trailing dots or spaces);</li>
 *   <li>{@code executableExtensions} — (default {@code exe vbs pif scr bat cmd com cpl dll js jar});</li>
 *   <li>{@code allow} — case-insensitive regular expressions on the whole name that override the rules.</li>
 * </ul>
 */
public final class BannedNameRules {
    /** The seed product's banned extensions. */
    public static final List<String> DEFAULT_EXTENSIONS = List.of("exe", "vbs", "pif", "scr", "bat", "com");
    /** Extensions that make a double extension dangerous. */
    public static final List<String> DEFAULT_EXECUTABLES = List.of("exe", "vbs", "pif", "scr", "bat", "cmd", "com", "cpl",
        "dll", "js", "jar");
    private static final Pattern TRAILING = Pattern.compile("[.\\s]+$");

    private final Set<String> extensions;
    private final boolean doubleExtensions;
    private final Set<String> executables;
    private final List<Pattern> allow;

    /**
     * @param extensions banned final extensions, without dots
     * @param doubleExtensions whether to ban double extensions ending in an executable extension
     * @param executables executable extensions, without dots
     * @param allow regular expressions of names always allowed
     */
    public BannedNameRules(List<String> extensions, boolean doubleExtensions, List<String> executables, List<String> allow) {
        this.extensions = normalise(extensions);
        this.doubleExtensions = doubleExtensions;
        this.executables = normalise(executables);
        this.allow = allow.stream().map(a -> Pattern.compile(a, Pattern.CASE_INSENSITIVE)).toList();
    }

    /** @return the seed product's rules */
    public static BannedNameRules defaults() {
        return new BannedNameRules(DEFAULT_EXTENSIONS, true, DEFAULT_EXECUTABLES, List.of());
    }

    private static Set<String> normalise(List<String> exts) {
        Set<String> out = new LinkedHashSet<>();
        for (String e : exts) {
            String x = e.strip().toLowerCase(Locale.ROOT);
            if (x.startsWith(".")) {
                x = x.substring(1);
            }
            if (!x.isEmpty()) {
                out.add(x);
            }
        }
        return Set.copyOf(out);
    }

    /**
     * @param fileName a declared or archived file name (decoded)
     * @return true when an {@code allow} expression matches its base name: no rule (name or type) bans it
     */
    public boolean allowed(String fileName) {
        if (fileName == null || fileName.isBlank() || allow.isEmpty()) {
            return false;
        }
        String base = fileName.replace('\\', '/');
        String last = base.substring(base.lastIndexOf('/') + 1);
        return allow.stream().anyMatch(p -> p.matcher(last).matches());
    }

    /**
     * @param fileName a declared or archived file name (decoded)
     * @return why it is banned, or empty when allowed
     */
    public Optional<String> check(String fileName) {
        if (fileName == null || fileName.isBlank()) {
            return Optional.empty();
        }
        String base = fileName.replace('\\', '/');
        base = base.substring(base.lastIndexOf('/') + 1);
        String name = TRAILING.matcher(base).replaceAll("").toLowerCase(Locale.ROOT);
        for (Pattern p : allow) {
            if (p.matcher(base).matches()) {
                return Optional.empty();
            }
        }
        String[] parts = name.split("\\.");
        if (parts.length < 2) {
            return Optional.empty();
        }
        String last = parts[parts.length - 1].strip();
        if (doubleExtensions && parts.length >= 3 && executables.contains(last)
            && parts[parts.length - 2].strip().matches(".*[a-z].*")) {
            return Optional.of("double extension ." + parts[parts.length - 2].strip() + "." + last);
        }
        if (extensions.contains(last)) {
            return Optional.of("banned extension ." + last);
        }
        return Optional.empty();
    }
}
