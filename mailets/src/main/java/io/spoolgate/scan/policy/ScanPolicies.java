package io.spoolgate.scan.policy;

import io.spoolgate.scan.spamassassin.SpamdUserTemplate;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.Properties;
import java.util.Set;

/**
 * The policy banks and which recipients use which, looked up like amavis: {@code user@domain}, then {@code user@},
 * then {@code domain}, then {@code .domain} for the domain itself and each parent domain (so {@code .example.net} covers
 * {@code example.net} and all its subdomains), then the default policy.
 *
 * <p>Properties form (all keys optional):
 * <pre>
 * policy.default.tag=0.0            policy.default.tag2=5.0        policy.default.kill=10.0
 * policy.default.dsnCutoff=15.0     policy.default.subjectTag=***SPAM***\u0020
 * policy.default.defang=true        policy.default.spamDestiny=DISCARD
 * policy.default.virusDestiny=QUARANTINE   policy.default.bannedDestiny=QUARANTINE
 * policy.default.quarantineCutoff=      (unset: no cut-off; spam at or above it is discarded, not quarantined)
 * policy.default.spamdUser=             (spamd User: — %l local part, %d domain, %a address, or a fixed name;
 *                                        unset: the global spamd.user, itself optional)
 * policy.strict.kill=6.0            (other policies inherit every key they do not set from "default")
 * recipient.boss@example.com=strict recipient.example.org=strict  recipient..example.net=strict  recipient.abuse@=lenient
 * </pre>
 */
public final class ScanPolicies {
    private static final String POLICY = "policy.";
    private static final String RECIPIENT = "recipient.";
    private final Map<String, ThresholdPolicy> policies;
    private final Map<String, ThresholdPolicy> assignments;
    private final ThresholdPolicy defaultPolicy;

    private ScanPolicies(Map<String, ThresholdPolicy> policies, Map<String, ThresholdPolicy> assignments) {
        this.policies = Map.copyOf(policies);
        this.assignments = Map.copyOf(assignments);
        this.defaultPolicy = policies.get("default");
    }

    /** @return only the default policy, for every recipient */
    public static ScanPolicies defaults() {
        return parse(new Properties());
    }

    /**
     * @param properties the {@code policy.*} and {@code recipient.*} keys (others are ignored)
     * @return the parsed policies
     * @throws IllegalArgumentException naming the key at fault
     */
    public static ScanPolicies parse(Properties properties) {
        Set<String> names = new LinkedHashSet<>();
        names.add("default");
        for (String key : properties.stringPropertyNames()) {
            if (key.startsWith(POLICY)) {
                int dot = key.indexOf('.', POLICY.length());
                if (dot < 0) {
                    throw new IllegalArgumentException("bad policy key '" + key + "' (expected policy.<name>.<setting>)");
                }
                names.add(key.substring(POLICY.length(), dot));
            }
        }
        Map<String, ThresholdPolicy> policies = new LinkedHashMap<>();
        ThresholdPolicy seed = ThresholdPolicy.DEFAULT.withSpamdUser(
            SpamdUserTemplate.parse(properties.getProperty("spamd.user", ""), "spamd.user"));
        ThresholdPolicy base = build("default", properties, seed);
        policies.put("default", base);
        for (String name : names) {
            if (!name.equals("default")) {
                policies.put(name, build(name, properties, base));
            }
        }
        Map<String, ThresholdPolicy> assignments = new LinkedHashMap<>();
        for (String key : properties.stringPropertyNames()) {
            if (key.startsWith(RECIPIENT)) {
                String who = key.substring(RECIPIENT.length()).toLowerCase(Locale.ROOT);
                String policyName = properties.getProperty(key).strip();
                ThresholdPolicy policy = policies.get(policyName);
                if (policy == null || who.isEmpty()) {
                    throw new IllegalArgumentException("'" + key + "=" + policyName + "': "
                        + (who.isEmpty() ? "no recipient given" : "no policy named '" + policyName + "' (known: " + policies.keySet() + ")"));
                }
                assignments.put(who, policy);
            }
        }
        return new ScanPolicies(policies, assignments);
    }

    private static ThresholdPolicy build(String name, Properties p, ThresholdPolicy parent) {
        String prefix = POLICY + name + ".";
        Set<String> known = Set.of("tag", "tag2", "kill", "dsnCutoff", "subjectTag", "defang", "spamDestiny",
            "virusDestiny", "bannedDestiny", "quarantineCutoff", "spamdUser");
        for (String key : p.stringPropertyNames()) {
            if (key.startsWith(prefix) && !known.contains(key.substring(prefix.length()))) {
                throw new IllegalArgumentException("unknown policy setting '" + key + "' (known: " + known + ")");
            }
        }
        return new ThresholdPolicy(name,
            number(p, prefix + "tag", parent.tag()),
            number(p, prefix + "tag2", parent.tag2()),
            number(p, prefix + "kill", parent.kill()),
            number(p, prefix + "dsnCutoff", parent.dsnCutoff()),
            p.getProperty(prefix + "subjectTag", parent.subjectTag()),
            bool(p, prefix + "defang", parent.defang()),
            destiny(p, prefix + "spamDestiny", parent.spamDestiny()),
            destiny(p, prefix + "virusDestiny", parent.virusDestiny()),
            destiny(p, prefix + "bannedDestiny", parent.bannedDestiny()),
            optionalNumber(p, prefix + "quarantineCutoff", parent.quarantineCutoff()),
            p.getProperty(prefix + "spamdUser") == null ? parent.spamdUser()
                : SpamdUserTemplate.parse(p.getProperty(prefix + "spamdUser"), prefix + "spamdUser"));
    }

    private static double number(Properties p, String key, double fallback) {
        String v = p.getProperty(key);
        if (v == null) {
            return fallback;
        }
        try {
            return Double.parseDouble(v.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + ": not a number: '" + v + "'");
        }
    }

    /** An empty value (or {@code none}) clears an inherited cut-off. */
    private static OptionalDouble optionalNumber(Properties p, String key, OptionalDouble fallback) {
        String v = p.getProperty(key);
        if (v == null) {
            return fallback;
        }
        if (v.isBlank() || v.strip().equalsIgnoreCase("none")) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(number(p, key, 0));
    }

    private static boolean bool(Properties p, String key, boolean fallback) {
        String v = p.getProperty(key);
        if (v == null) {
            return fallback;
        }
        return switch (v.strip().toLowerCase(Locale.ROOT)) {
            case "true", "yes" -> true;
            case "false", "no" -> false;
            default -> throw new IllegalArgumentException(key + ": expected true or false, got '" + v + "'");
        };
    }

    private static Destiny destiny(Properties p, String key, Destiny fallback) {
        String v = p.getProperty(key);
        return v == null ? fallback : Destiny.parse(v, key);
    }

    /** @return the default policy */
    public ThresholdPolicy defaultPolicy() {
        return defaultPolicy;
    }

    /**
     * @param name a policy name
     * @return the policy, or the default policy when unknown
     */
    public ThresholdPolicy named(String name) {
        return policies.getOrDefault(name, defaultPolicy);
    }

    /** @return all policies by name */
    public Collection<ThresholdPolicy> all() {
        return policies.values();
    }

    /**
     * @param recipient an address {@code local@domain}
     * @return the policy that applies to it
     */
    public ThresholdPolicy forRecipient(String recipient) {
        String address = Objects.requireNonNull(recipient, "recipient").toLowerCase(Locale.ROOT);
        int at = address.lastIndexOf('@');
        String local = at >= 0 ? address.substring(0, at) : address;
        String domain = at >= 0 ? address.substring(at + 1) : "";
        for (String key : List.of(address, local + "@", domain)) {
            ThresholdPolicy p = assignments.get(key);
            if (p != null) {
                return p;
            }
        }
        String d = domain;
        while (!d.isEmpty()) {
            ThresholdPolicy p = assignments.get("." + d);
            if (p != null) {
                return p;
            }
            int dot = d.indexOf('.');
            d = dot < 0 ? "" : d.substring(dot + 1);
        }
        return defaultPolicy;
    }
}
