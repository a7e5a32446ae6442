package io.spoolgate.benchmarks.e2e;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What one load run does, from the command line of {@link SmtpLoad}.
 *
 * <ul>
 *   <li>{@code --port N} (required): the SMTP port on {@code --host} (default {@code 127.0.0.1});</li>
 *   <li>{@code --mails N} total mails (default 2000); {@code --connections N} concurrent connections (default 8);
 *       {@code --per-connection N} mails per connection before QUIT and a new connection (default 50);</li>
 *   <li>{@code --size BYTES} approximate message size (default 4096); {@code --rcpts N} recipients per mail
 *       (default 1); {@code --users N} the recipient pool {@code user1@DOMAIN} … {@code userN@DOMAIN} the mails rotate
 *       through (default: as many as recipients per mail); {@code --domain D} (default {@code vm.example});</li>
 *   <li>{@code --label TEXT} the row name (default {@code run}); {@code --run-id ID} prefix of the Message-IDs
 *       (default: label and time);</li>
 *   <li>{@code --pid PID} (repeatable) server process whose process tree's CPU time is measured (none: not measured);</li>
 *   <li>{@code --store KIND:DIR} where the delivered mail lands ({@code readers}, {@code filerepo}, {@code mbox},
 *       {@code maildir}); with it the run waits for delivery (at most {@code --deliver-timeout} seconds, default 300)
 *       and checks that every accepted mail landed exactly once;</li>
 *   <li>{@code --results FILE} append one tab-separated result line (for {@link ResultTable}).</li>
 * </ul>
 */
record LoadSettings(String host, int port, int mails, int connections, int perConnection, int size, int rcpts, int users,
                    String domain, String label, String runId, List<Long> pids, Optional<String> store,
                    int deliverTimeoutSeconds, Optional<Path> results) {

    static LoadSettings parse(String[] args) {
        String host = "127.0.0.1";
        int port = -1;
        int mails = 2000;
        int connections = 8;
        int perConnection = 50;
        int size = 4096;
        int rcpts = 1;
        int users = 0;
        String domain = "vm.example";
        String label = "run";
        String runId = null;
        List<Long> pids = new ArrayList<>();
        String store = null;
        int deliverTimeout = 300;
        Path results = null;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("option " + a + " needs a value");
            }
            String v = args[++i];
            switch (a) {
                case "--host" -> host = v;
                case "--port" -> port = positive(a, v, 65535);
                case "--mails" -> mails = positive(a, v, 10_000_000);
                case "--connections" -> connections = positive(a, v, 10_000);
                case "--per-connection" -> perConnection = positive(a, v, 10_000_000);
                case "--size" -> size = positive(a, v, 512 * 1024 * 1024);
                case "--rcpts" -> rcpts = positive(a, v, 10_000);
                case "--users" -> users = positive(a, v, 1_000_000);
                case "--domain" -> domain = v;
                case "--label" -> label = v;
                case "--run-id" -> runId = v;
                case "--pid" -> pids.add((long) positive(a, v, Integer.MAX_VALUE));
                case "--store" -> store = v;
                case "--deliver-timeout" -> deliverTimeout = positive(a, v, 86_400);
                case "--results" -> results = Path.of(v);
                default -> throw new IllegalArgumentException("unknown option " + a);
            }
        }
        if (port < 0) {
            throw new IllegalArgumentException("--port is required");
        }
        if (users == 0) {
            users = rcpts;
        }
        if (users < rcpts) {
            throw new IllegalArgumentException("--users (" + users + ") must be at least --rcpts (" + rcpts + ")");
        }
        if (runId == null) {
            runId = label.replaceAll("[^A-Za-z0-9.-]", "-") + "." + Long.toString(System.currentTimeMillis(), 36);
        }
        return new LoadSettings(host, port, mails, connections, perConnection, size, rcpts, users, domain, label, runId,
            List.copyOf(pids), Optional.ofNullable(store), deliverTimeout, Optional.ofNullable(results));
    }

    private static int positive(String option, String value, int max) {
        int n;
        try {
            n = Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " needs a number, not '" + value + "'");
        }
        if (n < 1 || n > max) {
            throw new IllegalArgumentException(option + " must be between 1 and " + max + ", not " + n);
        }
        return n;
    }
}
