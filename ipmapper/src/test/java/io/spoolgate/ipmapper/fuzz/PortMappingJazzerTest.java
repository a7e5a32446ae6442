package io.spoolgate.ipmapper.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.spoolgate.ipmapper.config.Cidr;
import io.spoolgate.ipmapper.config.ConfigException;
import io.spoolgate.ipmapper.config.PortMapping;
import io.spoolgate.ipmapper.config.PortMappingParser;
import io.spoolgate.ipmapper.config.PortMappingTable;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Coverage-guided fuzzing of the {@code PORT MAPPING} parser: only {@link ConfigException} (naming the file and an
 * existing line) escapes; an accepted table has ports in 1..65535, no port used twice (static or free), a target that
 * is an address literal or host name, a valid stack name and a PROXY setting. Seeds:
 * {@code PortMappingJazzerTestInputs/portMapping/}.
 */
class PortMappingJazzerTest {

    private static final Pattern STACK = Pattern.compile("[A-Za-z0-9$#@_.-]{1,32}");
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9.-]{1,253}");

    @FuzzTest(maxDuration = "10m")
    void portMapping(byte[] input) {
        List<String> lines = ConfigFuzzing.lines(input);
        PortMappingTable table;
        try {
            table = PortMappingParser.parse(ConfigFuzzing.SOURCE, lines);
        } catch (ConfigException e) {
            ConfigFuzzing.checkRejection(e, lines);
            return;
        }
        Set<Integer> used = new HashSet<>();
        for (PortMapping m : table.staticMappings()) {
            ConfigFuzzing.checkPort(m.listenPort(), "listen port");
            ConfigFuzzing.checkPort(m.targetPort(), "target port");
            ConfigFuzzing.check(used.add(m.listenPort()), "listen port " + m.listenPort() + " used twice");
            ConfigFuzzing.check(Cidr.isAddressLiteral(m.targetHost()) || HOST.matcher(m.targetHost()).matches(),
                "target '" + m.targetHost() + "' is neither an address literal nor a host name");
            ConfigFuzzing.check(STACK.matcher(m.stackName()).matches(), "bad stack name '" + m.stackName() + "'");
            ConfigFuzzing.check(m.proxyProtocol() != null, "no PROXY setting");
        }
        for (int port : table.freePorts()) {
            ConfigFuzzing.checkPort(port, "free port");
            ConfigFuzzing.check(used.add(port), "free port " + port + " also used elsewhere");
        }
    }
}
