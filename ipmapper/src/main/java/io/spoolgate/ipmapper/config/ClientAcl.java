package io.spoolgate.ipmapper.config;

import java.net.InetAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Connect-time access list for inbound clients of the static mappings. Each line is {@code allow <cidr>} or
 * {@code deny <cidr>} ({@code all} means every IPv4 and IPv6 address); the first matching rule wins and an
 * address no rule matches is allowed.
 */
public final class ClientAcl {
    /**
     * One rule.
     *
     * @param allow   true for {@code allow}, false for {@code deny}
     * @param network the network it applies to
     * @param line    the line it came from (for logs)
     */
    public record Rule(boolean allow, Cidr network, int line) {
    }

    /**
     * Outcome of an access check.
     *
     * @param allowed whether the client may connect
     * @param rule    the rule that decided, or null when no rule matched
     */
    public record Decision(boolean allowed, Rule rule) {
    }

    private final List<Rule> rules;

    /** @param rules the rules in order */
    public ClientAcl(List<Rule> rules) {
        this.rules = List.copyOf(rules);
    }

    /** @return an ACL that allows everyone */
    public static ClientAcl allowAll() {
        return new ClientAcl(List.of());
    }

    /**
     * @param file the ACL file
     * @return its rules
     * @throws ConfigException on unreadable or invalid content
     */
    public static ClientAcl read(Path file) throws ConfigException {
        return parse(file.toString(), ConfigLines.readFile(file));
    }

    /**
     * @param source name used in error messages
     * @param lines  the file's lines
     * @return the ACL
     * @throws ConfigException with the line number of the first error
     */
    public static ClientAcl parse(String source, List<String> lines) throws ConfigException {
        List<Rule> result = new ArrayList<>();
        for (ConfigLines.Line line : ConfigLines.tokenize(source, lines)) {
            List<String> t = line.tokens();
            if (t.size() != 2) {
                throw new ConfigException(source, line.number(), "expected 'allow <cidr>' or 'deny <cidr>', found " + t.size() + " field(s)");
            }
            String verb = t.get(0).toLowerCase(Locale.ROOT);
            if (!verb.equals("allow") && !verb.equals("deny")) {
                throw new ConfigException(source, line.number(), "unknown action '" + t.get(0) + "' (expected allow or deny)");
            }
            boolean allow = verb.equals("allow");
            if (t.get(1).equalsIgnoreCase("all")) {
                result.add(new Rule(allow, Cidr.parse("0.0.0.0/0"), line.number()));
                result.add(new Rule(allow, Cidr.parse("::/0"), line.number()));
                continue;
            }
            try {
                result.add(new Rule(allow, Cidr.parse(t.get(1)), line.number()));
            } catch (IllegalArgumentException e) {
                throw new ConfigException(source, line.number(), e.getMessage());
            }
        }
        return new ClientAcl(result);
    }

    /**
     * @param address the client's address
     * @return whether it may connect and which rule decided
     */
    public Decision check(InetAddress address) {
        for (Rule rule : rules) {
            if (rule.network().contains(address)) {
                return new Decision(rule.allow(), rule);
            }
        }
        return new Decision(true, null);
    }

    /** @return the rules in order */
    public List<Rule> rules() {
        return rules;
    }
}
