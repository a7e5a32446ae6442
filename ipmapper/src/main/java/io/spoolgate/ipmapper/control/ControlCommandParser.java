package io.spoolgate.ipmapper.control;

import io.spoolgate.ipmapper.config.Cidr;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Parses one control line (without its line terminator) into a {@link ControlCommand}. Only
 * {@link ControlSyntaxException} escapes, whatever the input.
 */
public final class ControlCommandParser {
    /** Longest control line accepted, in characters. */
    public static final int MAX_LINE_LENGTH = 512;
    private static final Pattern BLANKS = Pattern.compile("[ \\t]+");
    private static final Pattern HOST_NAME = Pattern.compile(
        "(?=.{1,253}$)[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\\.?");
    private static final Pattern STACK_NAME = Pattern.compile("[A-Za-z0-9$#@_.-]{1,32}");

    private ControlCommandParser() {
    }

    /**
     * @param line the line, ASCII
     * @return the command
     * @throws ControlSyntaxException if the line is not a valid command
     */
    public static ControlCommand parse(String line) throws ControlSyntaxException {
        if (line.length() > MAX_LINE_LENGTH) {
            throw new ControlSyntaxException(501, "line longer than " + MAX_LINE_LENGTH + " characters");
        }
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if ((c < 0x20 && c != '\t') || c > 0x7e) {
                throw new ControlSyntaxException(501, String.format("invalid character 0x%02X at column %d", (int) c, i + 1));
            }
        }
        String text = line.strip();
        if (text.isEmpty()) {
            throw new ControlSyntaxException(501, "empty command");
        }
        List<String> t = List.of(BLANKS.split(text));
        String verb = t.get(0).toUpperCase(Locale.ROOT);
        switch (verb) {
            case "PICK":
                return parsePick(t.subList(1, t.size()), false);
            case "RELEASE":
                expectArgs(t, 1, "RELEASE <port>");
                return new ControlCommand.Release(port(t.get(1), "transient port"));
            case "LIST":
                expectArgs(t, 0, "LIST");
                return new ControlCommand.ListMappings();
            case "RELOAD":
                expectArgs(t, 0, "RELOAD");
                return new ControlCommand.Reload();
            case "QUIT":
                expectArgs(t, 0, "QUIT");
                return new ControlCommand.Quit();
            default:
                if (t.size() >= 2 && looksLikeHost(t.get(0)) && isPort(t.get(1))) {
                    return parsePick(t, true);
                }
                throw new ControlSyntaxException(502, "unknown command '" + abbreviate(t.get(0)) + "' (PICK, RELEASE, LIST, RELOAD, QUIT)");
        }
    }

    private static ControlCommand parsePick(List<String> args, boolean legacy) throws ControlSyntaxException {
        String usage = legacy ? "<host> <port> [<stack>]" : "PICK <host> <port> [<stack>] or PICK <host>:<port> [<stack>]";
        String host;
        int port;
        int next;
        if (args.size() >= 2 && isPort(args.get(1))) {
            host = args.get(0);
            port = port(args.get(1), "target port");
            next = 2;
        } else if (!args.isEmpty()) {
            String hostPort = args.get(0);
            int colon = hostPort.lastIndexOf(':');
            if (colon <= 0 || (hostPort.indexOf(':') != colon && !hostPort.startsWith("["))) {
                throw new ControlSyntaxException(501, "expected " + usage);
            }
            host = hostPort.substring(0, colon);
            port = port(hostPort.substring(colon + 1), "target port");
            next = 1;
        } else {
            throw new ControlSyntaxException(501, "expected " + usage);
        }
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        if (!looksLikeHost(host)) {
            throw new ControlSyntaxException(501, "target '" + abbreviate(host) + "' is neither an IP address nor a host name");
        }
        String stack = "-";
        if (args.size() == next + 1) {
            stack = args.get(next);
            if (!STACK_NAME.matcher(stack).matches()) {
                throw new ControlSyntaxException(501, "bad stack name '" + abbreviate(stack) + "'");
            }
        } else if (args.size() > next + 1) {
            throw new ControlSyntaxException(501, "too many arguments; expected " + usage);
        }
        return new ControlCommand.Pick(host, port, stack, legacy);
    }

    private static boolean looksLikeHost(String text) {
        return Cidr.isAddressLiteral(text) || HOST_NAME.matcher(text).matches() && !isPort(text);
    }

    private static boolean isPort(String text) {
        return !text.isEmpty() && text.length() <= 5 && text.chars().allMatch(c -> c >= '0' && c <= '9');
    }

    private static int port(String text, String what) throws ControlSyntaxException {
        if (!isPort(text)) {
            throw new ControlSyntaxException(501, what + " '" + abbreviate(text) + "' is not a number");
        }
        int port = Integer.parseInt(text);
        if (port < 1 || port > 65535) {
            throw new ControlSyntaxException(501, what + " " + port + " is outside 1-65535");
        }
        return port;
    }

    private static void expectArgs(List<String> tokens, int count, String usage) throws ControlSyntaxException {
        if (tokens.size() != count + 1) {
            throw new ControlSyntaxException(501, "expected " + usage);
        }
    }

    private static String abbreviate(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "...";
    }
}
