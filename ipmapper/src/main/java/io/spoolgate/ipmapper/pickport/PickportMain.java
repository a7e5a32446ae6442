package io.spoolgate.ipmapper.pickport;

import java.io.PrintStream;
import java.time.Duration;

/**
 * Command-line pickport, for scripts and for the launcher's status check.
 *
 * <pre>
 * pickport &lt;stack address&gt; &lt;control port&gt; &lt;target host&gt; &lt;target port&gt; [&lt;stack name&gt;]
 *     prints the transient port mapped to target host:port (the original pickport's arguments)
 * pickport --command "&lt;control command&gt;" &lt;stack address&gt; &lt;control port&gt;
 *     sends one control command (LIST, RELEASE n, RELOAD) and prints the reply
 * </pre>
 *
 * Exit status: 0 on success, 1 when the proxy refused or could not be reached, 2 for bad arguments.
 */
public final class PickportMain {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private PickportMain() {
    }

    /** @param args see the class description */
    public static void main(String[] args) {
        int status = run(args, System.out, System.err);
        System.exit(status);
    }

    /**
     * @param args command-line arguments
     * @param out  where replies go
     * @param err  where problems go
     * @return exit status
     */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        try {
            if (args.length == 4 && args[0].equals("--command")) {
                PickportClient client = new PickportClient(args[2], port(args[3], "control port"), "-", TIMEOUT);
                client.exchange(args[1]).forEach(out::println);
                return 0;
            }
            if (args.length == 4 || args.length == 5) {
                String stack = args.length == 5 ? args[4] : "TCPIP";
                PickportClient client = new PickportClient(args[0], port(args[1], "control port"), stack, TIMEOUT);
                out.println(client.pick(args[2], port(args[3], "target port")));
                return 0;
            }
            err.println("usage: pickport <stack address> <control port> <target host> <target port> [<stack name>]");
            err.println("       pickport --command \"LIST\" <stack address> <control port>");
            return 2;
        } catch (IllegalArgumentException e) {
            err.println("pickport: " + e.getMessage());
            return 2;
        } catch (PickportException e) {
            err.println("pickport: " + e.getMessage());
            return 1;
        }
    }

    private static int port(String text, String what) {
        try {
            int port = Integer.parseInt(text);
            if (port < 1 || port > 65535) {
                throw new NumberFormatException();
            }
            return port;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(what + " '" + text + "' is not a port number");
        }
    }
}
