package io.spoolgate.ipmapper.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Parses the {@code PORT MAPPING} file of the original proxy.
 *
 * <pre>
 * * static mapping: listen port, target address, target port, stack name [, proxy=none|v1|v2]
 * 25    10.0.0.5  2526  TCPIP  proxy=v2
 * * free transient ports, one per line, or a range (extension)
 * 40000 FREE
 * 40001-40099 FREE
 * </pre>
 *
 * Every error carries the file name and line number; the whole file is rejected on the first error.
 */
public final class PortMappingParser {
    private static final Pattern STACK_NAME = Pattern.compile("[A-Za-z0-9$#@_.-]{1,32}");
    private static final Pattern HOST_NAME = Pattern.compile(
        "(?=.{1,253}$)[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\\.?");

    private PortMappingParser() {
    }

    /**
     * @param file the mapping file
     * @return its table
     * @throws ConfigException on unreadable or invalid content
     */
    public static PortMappingTable read(Path file) throws ConfigException {
        return parse(file.toString(), ConfigLines.readFile(file));
    }

    /**
     * @param source name used in error messages
     * @param lines  the file's lines
     * @return the table
     * @throws ConfigException with the line number of the first error
     */
    public static PortMappingTable parse(String source, List<String> lines) throws ConfigException {
        List<PortMapping> mappings = new ArrayList<>();
        TreeSet<Integer> free = new TreeSet<>();
        Map<Integer, Integer> firstUse = new HashMap<>();
        for (ConfigLines.Line line : ConfigLines.tokenize(source, lines)) {
            List<String> t = line.tokens();
            if (t.size() == 2 && t.get(1).equalsIgnoreCase("FREE")) {
                int[] range = parseRange(source, line.number(), t.get(0));
                for (int port = range[0]; port <= range[1]; port++) {
                    claim(source, line.number(), port, firstUse);
                    free.add(port);
                }
            } else if (t.size() == 4 || t.size() == 5) {
                int listen = parsePort(source, line.number(), t.get(0), "listen port");
                String host = t.get(1);
                if (!Cidr.isAddressLiteral(host) && !HOST_NAME.matcher(host).matches()) {
                    throw new ConfigException(source, line.number(),
                        "target address '" + host + "' is neither an IP address nor a host name");
                }
                int target = parsePort(source, line.number(), t.get(2), "target port");
                String stack = t.get(3);
                if (!STACK_NAME.matcher(stack).matches()) {
                    throw new ConfigException(source, line.number(), "bad stack name '" + stack + "' (1-32 letters, digits or $#@_.-)");
                }
                ProxyProtocol proxy = ProxyProtocol.V2;
                if (t.size() == 5) {
                    String option = t.get(4);
                    if (!option.toLowerCase(java.util.Locale.ROOT).startsWith("proxy=")) {
                        throw new ConfigException(source, line.number(), "unknown option '" + option + "' (expected proxy=none|v1|v2)");
                    }
                    try {
                        proxy = ProxyProtocol.parse(option.substring("proxy=".length()));
                    } catch (IllegalArgumentException e) {
                        throw new ConfigException(source, line.number(), e.getMessage());
                    }
                }
                claim(source, line.number(), listen, firstUse);
                mappings.add(new PortMapping(listen, host, target, stack, proxy));
            } else {
                throw new ConfigException(source, line.number(),
                    "expected '<listen port> <target address> <target port> <stack name> [proxy=none|v1|v2]'"
                    + " or '<port> FREE', found " + t.size() + " field(s)");
            }
        }
        return new PortMappingTable(mappings, free);
    }

    private static void claim(String source, int lineNumber, int port, Map<Integer, Integer> firstUse) throws ConfigException {
        Integer previous = firstUse.putIfAbsent(port, lineNumber);
        if (previous != null) {
            throw new ConfigException(source, lineNumber, "port " + port + " is already used on line " + previous);
        }
    }

    private static int[] parseRange(String source, int lineNumber, String text) throws ConfigException {
        int dash = text.indexOf('-');
        if (dash < 0) {
            int port = parsePort(source, lineNumber, text, "free port");
            return new int[] {port, port};
        }
        int low = parsePort(source, lineNumber, text.substring(0, dash), "first free port");
        int high = parsePort(source, lineNumber, text.substring(dash + 1), "last free port");
        if (high < low) {
            throw new ConfigException(source, lineNumber, "empty port range " + text);
        }
        return new int[] {low, high};
    }

    static int parsePort(String source, int lineNumber, String text, String what) throws ConfigException {
        if (text.isEmpty() || text.length() > 5 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new ConfigException(source, lineNumber, what + " '" + text + "' is not a number");
        }
        int port = Integer.parseInt(text);
        if (port < 1 || port > 65535) {
            throw new ConfigException(source, lineNumber, what + " " + port + " is outside 1-65535");
        }
        return port;
    }
}
