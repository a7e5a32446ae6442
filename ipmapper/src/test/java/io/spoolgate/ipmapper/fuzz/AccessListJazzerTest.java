package io.spoolgate.ipmapper.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.spoolgate.ipmapper.config.AddressList;
import io.spoolgate.ipmapper.config.Cidr;
import io.spoolgate.ipmapper.config.ClientAcl;
import io.spoolgate.ipmapper.config.ConfigException;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Coverage-guided fuzzing of the {@code IPAUTH} address list parser ({@link AddressList}) and the client ACL parser
 * ({@link ClientAcl}), which share {@link Cidr}: only {@link ConfigException} escapes; every accepted network prints
 * as {@code address/prefix} with a prefix in 0..32 or 0..128 and parses back to itself; an accepted token is an
 * address literal (hex digits, dots, colons, brackets, a prefix), never a name to look up. Seeds:
 * {@code AccessListJazzerTestInputs/accessList/}.
 */
class AccessListJazzerTest {

    private static final Pattern LITERAL = Pattern.compile("\\[?[0-9A-Fa-f:.]+\\]?(/[0-9]{1,3})?");

    @FuzzTest(maxDuration = "10m")
    void accessList(byte[] input) {
        List<String> lines = ConfigFuzzing.lines(input);
        try {
            for (Cidr network : AddressList.parse(ConfigFuzzing.SOURCE, lines).networks()) {
                checkNetwork(network);
            }
        } catch (ConfigException e) {
            ConfigFuzzing.checkRejection(e, lines);
        }
        try {
            for (ClientAcl.Rule rule : ClientAcl.parse(ConfigFuzzing.SOURCE, lines).rules()) {
                checkNetwork(rule.network());
                ConfigFuzzing.check(rule.line() >= 1 && rule.line() <= lines.size(), "rule line " + rule.line());
            }
        } catch (ConfigException e) {
            ConfigFuzzing.checkRejection(e, lines);
        }
        // every token the parsers could see, straight into Cidr: accepted only if it is an address literal
        for (String line : lines) {
            for (String token : line.strip().split("\\s+")) {
                boolean accepted;
                try {
                    checkNetwork(Cidr.parse(token));
                    accepted = true;
                } catch (IllegalArgumentException rejected) {
                    accepted = false;
                }
                // Cidr.parse trims (String.trim: also control characters, which the file parsers refuse earlier)
                ConfigFuzzing.check(!accepted || LITERAL.matcher(token.trim()).matches(),
                    "Cidr accepted '" + token + "', which is not an address literal");
            }
        }
    }

    private static void checkNetwork(Cidr network) {
        String text = network.toString();
        int slash = text.lastIndexOf('/');
        ConfigFuzzing.check(slash > 0, "network prints without a prefix: " + text);
        int prefix = Integer.parseInt(text.substring(slash + 1));
        int max = text.indexOf(':') >= 0 ? 128 : 32;
        ConfigFuzzing.check(prefix >= 0 && prefix <= max, "prefix " + prefix + " outside 0.." + max);
        ConfigFuzzing.check(Cidr.parse(text).equals(network), "network " + text + " does not parse back to itself");
    }
}
