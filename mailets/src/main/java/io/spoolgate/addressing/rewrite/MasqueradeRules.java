package io.spoolgate.addressing.rewrite;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What masquerading does to one address (Exim's {@code qualify_domain}, Postfix's {@code masquerade_domains}):
 * <ul>
 * <li>a bare local part ({@code USER1}) is qualified with the qualify domain;</li>
 * <li>VM's {@code USER1 AT NODE} becomes {@code USER1@qualifyDomain} for a local node, else
 * {@code USER1@node.qualifyDomain};</li>
 * <li>{@code user@host.sub.domain} becomes {@code user@domain} when {@code domain} is a masquerade domain (the first
 * listed that the address is a strict sub-domain of), unless the local part is an exception
 * ({@code postmaster}, {@code root}, ...).</li>
 * </ul>
 * Local parts are kept exactly as written (quotes included); only domains change.
 */
public final class MasqueradeRules {

    private final String qualifyDomain;
    private final List<String> domains;
    private final Set<String> exceptions;
    private final Set<String> localNodes;

    /**
     * @param qualifyDomain domain for bare local parts
     * @param domains       masquerade domains, in order of preference
     * @param exceptions    local parts never masqueraded (compared without case and quotes)
     * @param localNodes    VM node names that are this system
     */
    public MasqueradeRules(String qualifyDomain, List<String> domains, Set<String> exceptions, Set<String> localNodes) {
        if (qualifyDomain == null || qualifyDomain.isBlank() || qualifyDomain.contains("@")) {
            throw new IllegalArgumentException("qualify domain '" + qualifyDomain + "' is not a domain");
        }
        this.qualifyDomain = qualifyDomain.toLowerCase(Locale.ROOT);
        this.domains = domains.stream().map(d -> d.trim().toLowerCase(Locale.ROOT)).filter(d -> !d.isEmpty()).toList();
        this.exceptions = exceptions.stream().map(e -> e.trim().toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
        this.localNodes = localNodes.stream().map(n -> n.trim().toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
    }

    public String qualifyDomain() {
        return qualifyDomain;
    }

    /** The domain a bare local part gets. */
    public String qualify(String localPart) {
        return localPart + "@" + qualifyDomain;
    }

    /** {@code USER AT NODE} as an address. */
    public String qualifyAtNode(String user, String node) {
        String n = node.toLowerCase(Locale.ROOT);
        return localNodes.contains(n) ? user + "@" + qualifyDomain : user + "@" + n + "." + qualifyDomain;
    }

    /**
     * @param localPart the local part as written (may be quoted)
     * @param domain    the domain as written
     * @return the masquerade domain to use instead, or empty when the address stays as it is
     */
    public Optional<String> masquerade(String localPart, String domain) {
        if (exceptions.contains(unquote(localPart).toLowerCase(Locale.ROOT))) {
            return Optional.empty();
        }
        return masqueradeHost(domain);
    }

    /** The masquerade domain for a host name (no exceptions: for Message-ID), or empty. */
    public Optional<String> masqueradeHost(String domain) {
        String d = domain.toLowerCase(Locale.ROOT);
        if (d.endsWith(".")) {
            d = d.substring(0, d.length() - 1);
        }
        for (String m : domains) {
            if (d.endsWith("." + m)) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }

    /** Rewrites an addr-spec ({@code local@domain} or a bare local part); other text is returned unchanged. */
    public String rewriteAddrSpec(String addrSpec) {
        int at = lastAtOutsideQuotes(addrSpec);
        if (addrSpec.isEmpty()) {
            return addrSpec;
        }
        if (at < 0) {
            return qualify(addrSpec);
        }
        String local = addrSpec.substring(0, at);
        String domain = addrSpec.substring(at + 1);
        return masquerade(local, domain).map(m -> local + "@" + m).orElse(addrSpec);
    }

    static int lastAtOutsideQuotes(String s) {
        boolean quoted = false;
        int last = -1;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && quoted) {
                i++;
            } else if (c == '"') {
                quoted = !quoted;
            } else if (c == '@' && !quoted) {
                last = i;
            }
        }
        return last;
    }

    static String unquote(String localPart) {
        if (localPart.length() >= 2 && localPart.startsWith("\"") && localPart.endsWith("\"")) {
            StringBuilder out = new StringBuilder();
            for (int i = 1; i < localPart.length() - 1; i++) {
                char c = localPart.charAt(i);
                if (c == '\\' && i + 1 < localPart.length() - 1) {
                    c = localPart.charAt(++i);
                }
                out.append(c);
            }
            return out.toString();
        }
        return localPart;
    }
}
