package io.spoolgate.exit.rfc2505;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * HELO/EHLO name checks: the name must be a syntactically valid domain name or address literal, and a remote
 * client must not claim one of the server's own names.
 */
public final class HeloSanity {
    private static final Pattern DOMAIN = Pattern.compile(
        "(?=.{1,253}$)([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\\.?");
    private static final Pattern LITERAL = Pattern.compile("\\[(IPv6:[0-9A-Fa-f:.]+|[0-9]{1,3}(\\.[0-9]{1,3}){3})]");

    private final Set<String> localNames;

    /** @param localNames the server's own names, lower case */
    public HeloSanity(Set<String> localNames) {
        this.localNames = localNames;
    }

    /**
     * @param name    the HELO argument
     * @param trusted whether the client is local or authenticated (may use a local name)
     * @return the problem, if any
     */
    public Optional<String> problem(String name, boolean trusted) {
        if (name == null || name.isBlank()) {
            return Optional.of("5.5.4 HELO/EHLO needs your domain name or address literal");
        }
        String trimmed = name.trim();
        if (!DOMAIN.matcher(trimmed).matches() && !LITERAL.matcher(trimmed).matches()) {
            return Optional.of("5.5.4 Invalid HELO/EHLO name");
        }
        if (!trusted && localNames.contains(trimmed.toLowerCase(Locale.ROOT))) {
            return Optional.of("5.7.1 You are not me");
        }
        return Optional.empty();
    }
}
