package io.spoolgate.addressing.access;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Who may talk to the SMTP server: {@code allow} / {@code deny} rules on IPv4 and IPv6 CIDR ranges and host names
 * with wildcards, first match wins, then the default. Text form, one rule a line:
 * <pre>
 * # comment
 * deny  192.0.2.0/24
 * allow 2001:db8::/32
 * deny  *.dialup.example
 * default allow
 * </pre>
 * {@code accept}/{@code reject} are synonyms of {@code allow}/{@code deny}. Without a {@code default} line the default
 * is {@code allow}. Name rules cost a reverse DNS lookup, made only when an earlier address rule did not decide.
 */
public final class HostAccessList {

    private final List<AccessRule> rules;
    private final boolean defaultAllow;
    private final boolean hasNameRules;

    public HostAccessList(List<AccessRule> rules, boolean defaultAllow) {
        this.rules = List.copyOf(rules);
        this.defaultAllow = defaultAllow;
        this.hasNameRules = this.rules.stream().anyMatch(rule -> rule.name().isPresent());
    }

    /** @throws IllegalArgumentException with {@code source} and the line number of the first bad line */
    public static HostAccessList parse(String source, List<String> lines) {
        List<AccessRule> rules = new ArrayList<>();
        Boolean defaultAllow = null;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            int hash = line.indexOf('#');
            line = (hash >= 0 ? line.substring(0, hash) : line).trim();
            if (line.isEmpty()) {
                continue;
            }
            String[] words = line.split("\\s+");
            try {
                if (words.length != 2) {
                    throw new IllegalArgumentException("expected 'allow|deny ADDRESS/PREFIX|HOSTNAME' or 'default allow|deny', got '"
                        + line + "'");
                }
                String verb = words[0].toLowerCase(Locale.ROOT);
                if (verb.equals("default")) {
                    if (defaultAllow != null) {
                        throw new IllegalArgumentException("a second 'default' line");
                    }
                    defaultAllow = verdict(words[1]);
                    continue;
                }
                boolean allow = verdict(verb);
                String target = words[1];
                String host = target.contains("/") ? target.substring(0, target.indexOf('/')) : target;
                if (AddressRange.isLiteral(host)) {
                    rules.add(new AccessRule(allow, Optional.of(AddressRange.parse(target)), Optional.empty(), i + 1));
                } else {
                    rules.add(new AccessRule(allow, Optional.empty(), Optional.of(HostNamePattern.parse(target)), i + 1));
                }
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(source + " line " + (i + 1) + ": " + e.getMessage(), e);
            }
        }
        return new HostAccessList(rules, defaultAllow == null || defaultAllow);
    }

    private static boolean verdict(String word) {
        return switch (word.toLowerCase(Locale.ROOT)) {
            case "allow", "accept" -> true;
            case "deny", "reject" -> false;
            default -> throw new IllegalArgumentException("'" + word + "' is neither allow nor deny");
        };
    }

    /**
     * @param reverseDns the client's host name, asked at most once and only when a name rule is reached
     */
    public AccessDecision decide(InetAddress client, Function<InetAddress, Optional<String>> reverseDns) {
        Supplier<Optional<String>> name = new Supplier<>() {
            private Optional<String> cached;

            @Override
            public Optional<String> get() {
                if (cached == null) {
                    cached = reverseDns.apply(client);
                }
                return cached;
            }
        };
        for (AccessRule rule : rules) {
            if (rule.matches(client, name)) {
                return new AccessDecision(rule.allow(), rule.toString());
            }
        }
        return new AccessDecision(defaultAllow, "default " + (defaultAllow ? "allow" : "deny"));
    }

    /** @return true if a rule is about host names, so that deciding may cost a reverse DNS lookup */
    public boolean hasNameRules() {
        return hasNameRules;
    }

    public List<AccessRule> rules() {
        return rules;
    }

    public boolean defaultAllow() {
        return defaultAllow;
    }
}
