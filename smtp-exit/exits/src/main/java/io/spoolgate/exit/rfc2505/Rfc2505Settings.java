package io.spoolgate.exit.rfc2505;

import io.spoolgate.exit.ExitConfig;
import io.spoolgate.exit.rules.Cidr;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The RFC 2505 exit's parameters (name: default):
 * {@code maxRecipients}: 0 = no limit (a limit refuses the whole message with 552; for RFC 5321's 452 per extra recipient use James's MaxRcptHandler); {@code maxMessagesPerConnection}: 100 (0 = no limit);
 * {@code maxConnectionsPerMinute}: 60 per client address (0 = no limit); {@code heloCheck}: true;
 * {@code localNames}: none (comma list of the server's own names a remote client may not use in HELO);
 * {@code checkSenderDomain}: true; {@code localDomains}: none (comma list of sender domains never looked up);
 * {@code dnsTimeoutMillis}: 1000; {@code dnsWaitMillis}: 10 (how long one exit call waits for DNS);
 * {@code dnsCacheSeconds}: 600; {@code dnsFailureCacheSeconds}: 60;
 * {@code trustedNetworks}: {@code 127.0.0.0/8,::1/128} (exempt from the rate limit, may use local HELO names).
 *
 * @param maxRecipients            recipient limit per message
 * @param maxMessagesPerConnection message limit per connection
 * @param maxConnectionsPerMinute  connection rate limit per client address
 * @param heloCheck                whether to check HELO names
 * @param localNames               the server's own names
 * @param checkSenderDomain        whether sender domains must resolve
 * @param localDomains             sender domains never looked up
 * @param dnsTimeout               DNS query timeout
 * @param dnsWait                  longest wait for DNS within one exit call
 * @param dnsCacheTtl              how long DNS answers are kept
 * @param dnsFailureTtl            how long DNS failures are kept
 * @param trustedNetworks          trusted client networks
 */
public record Rfc2505Settings(long maxRecipients, long maxMessagesPerConnection, long maxConnectionsPerMinute,
                              boolean heloCheck, Set<String> localNames, boolean checkSenderDomain,
                              Set<String> localDomains, Duration dnsTimeout, Duration dnsWait, Duration dnsCacheTtl,
                              Duration dnsFailureTtl, List<Cidr> trustedNetworks) {

    /**
     * @param config the exit's configuration
     * @return the settings
     * @throws IllegalArgumentException naming the bad parameter
     */
    public static Rfc2505Settings from(ExitConfig config) {
        long dnsWait = nonNegative(config, "dnsWaitMillis", 10);
        if (dnsWait > 40) {
            throw new IllegalArgumentException("exit " + config.name()
                + ": dnsWaitMillis must stay well below the 50 ms call budget (at most 40), got " + dnsWait);
        }
        List<Cidr> trusted = new ArrayList<>();
        for (String network : list(config.parameter("trustedNetworks").orElse("127.0.0.0/8,::1/128"))) {
            trusted.add(Cidr.parse(network));
        }
        return new Rfc2505Settings(nonNegative(config, "maxRecipients", 0),
            nonNegative(config, "maxMessagesPerConnection", 100),
            nonNegative(config, "maxConnectionsPerMinute", 60),
            config.booleanParameter("heloCheck", true),
            Set.copyOf(list(config.parameter("localNames").orElse(""))),
            config.booleanParameter("checkSenderDomain", true),
            Set.copyOf(list(config.parameter("localDomains").orElse(""))),
            Duration.ofMillis(Math.max(1, nonNegative(config, "dnsTimeoutMillis", 1000))),
            Duration.ofMillis(dnsWait),
            Duration.ofSeconds(nonNegative(config, "dnsCacheSeconds", 600)),
            Duration.ofSeconds(nonNegative(config, "dnsFailureCacheSeconds", 60)),
            List.copyOf(trusted));
    }

    private static long nonNegative(ExitConfig config, String key, long defaultValue) {
        long value = config.longParameter(key, defaultValue);
        if (value < 0) {
            throw new IllegalArgumentException("exit " + config.name() + ": parameter " + key + " must be >= 0");
        }
        return value;
    }

    private static List<String> list(String text) {
        return java.util.Arrays.stream(text.split(","))
            .map(String::trim).filter(s -> !s.isEmpty()).map(s -> s.toLowerCase(Locale.ROOT))
            .collect(Collectors.toList());
    }
}
