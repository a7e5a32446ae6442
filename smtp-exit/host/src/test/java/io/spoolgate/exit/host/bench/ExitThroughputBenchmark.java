package io.spoolgate.exit.host.bench;

import com.google.inject.multibindings.Multibinder;
import io.spoolgate.exit.host.ExitDefinition;
import io.spoolgate.exit.host.ExitMetrics;
import io.spoolgate.exit.host.ExitRegistry;
import io.spoolgate.exit.host.HostSettings;
import io.spoolgate.exit.host.guice.SmtpExitModule;
import io.spoolgate.exit.host.support.ExitHostProbe;
import io.spoolgate.exit.host.support.SmtpTestClient;
import io.spoolgate.exit.host.testexits.NoopExit;
import io.spoolgate.exit.rfc2505.Rfc2505Exit;
import org.apache.james.GuiceJamesServer;
import org.apache.james.MemoryJamesConfiguration;
import org.apache.james.MemoryJamesServerMain;
import org.apache.james.utils.GuiceProbe;
import org.apache.james.webadmin.WebAdminConfiguration;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

import static org.apache.james.data.UsersRepositoryModuleChooser.Implementation.DEFAULT;

/**
 * End-to-end SMTP throughput and per-command latency against an in-process James 3.8.1, in one run, in five modes:
 * STOCK (James's own processing on its I/O threads, no exit: the reference), NONE (commands on the SMTP workers, no
 * exit), NOOP and RFC2505 (a no-op exit and the shipped RFC 2505 exit, called on the workers) and HANDOFF (the no-op
 * exit called from James's I/O threads, each call handed to an exit thread). Modes alternate over several rounds so
 * that machine noise hits them alike. Prints a table; no assertion (speed is reported, not tested). Besides wall-clock throughput it
 * prints the process CPU time per transaction (server and load clients share the process, so the difference between
 * modes is what the exit costs), which is less sensitive to other load on the machine.
 *
 * <p>Run: {@code mvn -o -q -pl smtp-exit/host test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=io.spoolgate.exit.host.bench.ExitThroughputBenchmark [-Dbench.seconds=4 -Dbench.rounds=3
 * -Dbench.clients=4 -Dbench.warmup=3]}. Every mode is warmed up first; the order of the modes rotates per round, and
 * besides the pooled table the per-round cost (against NONE in the same round) is printed with its median.
 */
public final class ExitThroughputBenchmark {
    private static final int MESSAGES_PER_CONNECTION = 20;

    private enum Mode {
        STOCK(1, null), NONE(0, null), NOOP(0, "noop"), RFC2505(0, "rfc2505"), HANDOFF(1, "noop-handoff");

        private final int server;
        private final String exit;

        Mode(int server, String exit) {
            this.server = server;
            this.exit = exit;
        }
    }

    private enum Step { EHLO, MAIL, RCPT, DATA, END_OF_DATA }

    private ExitThroughputBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int seconds = Integer.getInteger("bench.seconds", 4);
        int rounds = Integer.getInteger("bench.rounds", 3);
        int clients = Integer.getInteger("bench.clients", 4);
        Path work = Files.createTempDirectory("exit-bench");
        GuiceJamesServer server = MemoryJamesServerMain.createServer(MemoryJamesConfiguration.builder()
                .workingDirectory(work.toFile()).configurationFromClasspath().usersRepository(DEFAULT).build())
            .combineWith(new SmtpExitModule(),
                binder -> Multibinder.newSetBinder(binder, GuiceProbe.class).addBinding().to(ExitHostProbe.class))
            .overrideWith(binder -> binder.bind(WebAdminConfiguration.class)
                .toInstance(WebAdminConfiguration.DISABLED_CONFIGURATION));
        server.start();
        try {
            ExitRegistry registry = server.getProbe(ExitHostProbe.class).registry();
            registry.configure(new HostSettings(HostSettings.DEFAULTS.budget(),
                Integer.getInteger("bench.exitThreads", HostSettings.DEFAULTS.threads()),
                Integer.getInteger("bench.queue", HostSettings.DEFAULTS.queueCapacity()),
                HostSettings.TimeoutPolicy.CONTINUE, HostSettings.DEFAULTS.drainTimeout(),
                HostSettings.DEFAULTS.lifecycleTimeout()));
            List<Integer> ports = server.getProbe(ExitHostProbe.class).smtpPorts(); // workers, stock
            registry.define(new ExitDefinition("noop", NoopExit.class.getName(), Optional.empty(), Map.of()), false);
            registry.define(new ExitDefinition("noop-handoff", NoopExit.class.getName(), Optional.empty(), Map.of()),
                false);
            registry.define(new ExitDefinition("rfc2505", Rfc2505Exit.class.getName(), Optional.empty(), Map.of(
                "localDomains", "example.com", "maxConnectionsPerMinute", "100000000",
                "trustedNetworks", "192.0.2.0/24", "localNames", "exit-test.example")), false);

            Map<Mode, Result> results = new EnumMap<>(Mode.class);
            // warm-up of every mode, so that no mode pays for the JIT compiling its code path during a measured round
            int warmup = Integer.getInteger("bench.warmup", 3);
            Mode[] modes = java.util.Arrays.stream(System.getProperty("bench.modes", "STOCK,NONE,NOOP,RFC2505,HANDOFF")
                .split(",")).map(String::trim).map(Mode::valueOf).toArray(Mode[]::new);
            for (Mode mode : modes) {
                activate(registry, mode);
                run(ports.get(mode.server), clients, warmup, mode, new Result());
            }
            for (int round = 0; round < rounds; round++) {
                // the order rotates from round to round, so that no mode always runs first or after the same one
                for (int k = 0; k < modes.length; k++) {
                    Mode mode = modes[(round + k) % modes.length];
                    activate(registry, mode);
                    run(ports.get(mode.server), clients, seconds, mode,
                        results.computeIfAbsent(mode, m -> new Result()));
                }
            }
            if (results.containsKey(Mode.STOCK)) {
                print(results, registry, clients, seconds, rounds);
            }
            // latency alone: one client, so that the other clients' scheduling noise (milliseconds at p99 on two
            // cores) does not drown what the exit adds per command
            Map<Mode, Result> latency = new EnumMap<>(Mode.class);
            for (int round = 0; round < rounds; round++) {
                for (int k = 0; k < modes.length; k++) {
                    Mode mode = modes[(round + k) % modes.length];
                    activate(registry, mode);
                    run(ports.get(mode.server), 1, seconds, mode, latency.computeIfAbsent(mode, m -> new Result()));
                }
            }
            if (latency.containsKey(Mode.STOCK)) {
                printLatency(latency, seconds, rounds);
            }
        } finally {
            server.stop();
        }
        System.exit(0);
    }

    /** @return per round, in round order, 1 - the mode's rate / the base's rate, in percent */
    private static List<Double> roundCosts(Result mode, Result base, int rounds) {
        List<Double> costs = new ArrayList<>();
        for (int i = 0; i < rounds; i++) {
            costs.add(100.0 * (1 - mode.roundRates.get(i) / base.roundRates.get(i)));
        }
        return costs;
    }

    /** Prints "MODE median x% [min%, max%]" for the round costs, without a line end. */
    private static void printCostSummary(Mode mode, List<Double> costs) {
        List<Double> sorted = new ArrayList<>(costs);
        sorted.sort(null);
        int n = sorted.size();
        double median = n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
        System.out.printf("%-8s median %5.1f%% [%5.1f%%, %5.1f%%]", mode, median, sorted.get(0), sorted.get(n - 1));
    }

    private static void activate(ExitRegistry registry, Mode mode) {
        registry.stop("noop");
        registry.stop("noop-handoff");
        registry.stop("rfc2505");
        if (mode.exit != null) {
            registry.start(mode.exit);
        }
    }

    private static void run(int port, int clients, int seconds, Mode mode, Result result) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        AtomicBoolean stop = new AtomicBoolean();
        List<Future<?>> futures = new ArrayList<>();
        long begin = System.nanoTime();
        long cpuBegin = processCpuNanos();
        for (int c = 0; c < clients; c++) {
            int client = c;
            futures.add(pool.submit(() -> {
                int connection = 0;
                while (!stop.get()) {
                    try (SmtpTestClient smtp = SmtpTestClient.connect(port)) {
                        smtp.read();
                        timed(result, Step.EHLO, () -> smtp.send("EHLO bench" + client + "-" + mode.ordinal()
                            + ".example"));
                        for (int m = 0; m < MESSAGES_PER_CONNECTION && !stop.get(); m++) {
                            if (transaction(smtp, result)) {
                                result.transactions.increment();
                            } else {
                                result.failures.increment();
                            }
                        }
                        smtp.send("QUIT");
                    }
                    connection++;
                }
                return connection;
            }));
        }
        long txBefore = result.transactions.sum();
        Thread.sleep(seconds * 1000L);
        stop.set(true);
        for (Future<?> future : futures) {
            future.get();
        }
        long nanos = System.nanoTime() - begin;
        result.nanos += nanos;
        awaitQuiet(); // the round's mails are spooled and processed before the next round, and their CPU counted here
        result.cpuNanos += processCpuNanos() - cpuBegin;
        result.roundRates.add((result.transactions.sum() - txBefore) / (nanos / 1e9));
        pool.shutdown();
    }

    /**
     * Waits until the server has processed what the round sent (the process uses under 5 % of a core over 200 ms),
     * so that no round inherits the previous one's spooling work: that spill-over made rounds differ by ±20 %.
     */
    private static void awaitQuiet() throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        long last = processCpuNanos();
        while (System.nanoTime() < deadline) {
            Thread.sleep(200);
            long now = processCpuNanos();
            if (now - last < 10_000_000L) {
                return;
            }
            last = now;
        }
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
            .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static boolean transaction(SmtpTestClient smtp, Result result) throws Exception {
        if (timed(result, Step.MAIL, () -> smtp.send("MAIL FROM:<bench@example.com>")) != 250
            || timed(result, Step.RCPT, () -> smtp.send("RCPT TO:<someone@vm.example>")) != 250
            || timed(result, Step.DATA, () -> smtp.send("DATA")) != 354) {
            smtp.send("RSET");
            return false;
        }
        return timed(result, Step.END_OF_DATA, () -> smtp.send(
            "From: bench@example.com\r\nTo: someone@vm.example\r\nSubject: bench\r\n\r\nHello from the bench.\r\n."))
            == 250;
    }

    private static int timed(Result result, Step step, Command command) throws Exception {
        long begin = System.nanoTime();
        SmtpTestClient.Reply reply = command.run();
        int code = reply.code();
        if (code != 250 && code != 354 && result.failureSamples.size() < 5) {
            result.failureSamples.add(step + ": " + reply);
        }
        result.latency.get(step).record(System.nanoTime() - begin);
        return code;
    }

    private static void print(Map<Mode, Result> results, ExitRegistry registry, int clients, int seconds,
                              int rounds) {
        Result stock = results.get(Mode.STOCK);
        System.out.printf("%nSMTP exit benchmark: %d clients, %d rounds x %d s per mode, %d messages per connection%n",
            clients, rounds, seconds, MESSAGES_PER_CONNECTION);
        System.out.printf("%-8s %10s %8s %10s %8s %9s |", "mode", "tx/s", "cost", "cpu us/tx", "cpu cost", "failures");
        for (Step step : Step.values()) {
            System.out.printf(" %-11s p50/p99 us |", step);
        }
        System.out.println();
        for (Mode mode : results.keySet()) {
            Result r = results.get(mode);
            System.out.printf("%-8s %10.1f %7.1f%% %10.0f %7.1f%% %9d |", mode, r.rate(),
                100.0 * (1 - r.rate() / stock.rate()), r.cpuMicrosPerTransaction(),
                100.0 * (r.cpuMicrosPerTransaction() / stock.cpuMicrosPerTransaction() - 1), r.failures.sum());
            r.failureSamples.forEach(f -> System.out.printf("  %s failure: %s%n", mode, f));
            for (Step step : Step.values()) {
                Samples h = r.latency.get(step);
                System.out.printf(" %10d / %-10d |", h.percentile(0.5) / 1000, h.percentile(0.99) / 1000);
            }
            System.out.println();
        }
        System.out.printf("%nCost per round (1 - tx/s of the mode / tx/s of STOCK in the same round), median [min, max]:%n");
        for (Mode mode : results.keySet().stream().filter(m -> m != Mode.STOCK).toList()) {
            List<Double> costs = roundCosts(results.get(mode), stock, rounds);
            printCostSummary(mode, costs);
            System.out.print("  rounds:");
            costs.forEach(c -> System.out.printf(" %5.1f%%", c));
            System.out.println();
        }
        Result none = results.get(Mode.NONE);
        if (none != null) {
            // the comparison: the same server with no exit against it with the no-op (or RFC 2505) exit,
            // round by round (the modes of a round run back to back, so they share the machine's state)
            System.out.printf("%nCost against NONE (no exit) per round, median [min, max]:%n");
            for (Mode mode : results.keySet().stream().filter(m -> m != Mode.STOCK && m != Mode.NONE).toList()) {
                printCostSummary(mode, roundCosts(results.get(mode), none, rounds));
                System.out.println();
            }
        }
        System.out.printf("%nAdded client-side latency per command versus STOCK, p50 / p99 (us, exact):%n");
        for (Mode mode : results.keySet().stream().filter(m -> m != Mode.STOCK).toList()) {
            System.out.printf("%-8s", mode);
            for (Step step : Step.values()) {
                Samples mine = results.get(mode).latency.get(step);
                Samples base = stock.latency.get(step);
                System.out.printf(" %s=%+d/%+d", step, (mine.percentile(0.5) - base.percentile(0.5)) / 1000,
                    (mine.percentile(0.99) - base.percentile(0.99)) / 1000);
            }
            System.out.println();
        }
        System.out.printf("%nHost-side exit call latency (call to verdict, all commands; HANDOFF = noop-handoff):%n");
        for (String name : List.of("noop", "rfc2505", "noop-handoff")) {
            ExitMetrics.Snapshot s = registry.status(name).counters();
            System.out.printf("%-8s calls=%d p50=%dus p90=%dus p99=%dus max=%dus timeouts=%d errors=%d%n", name,
                s.calls(), s.p50Micros(), s.p90Micros(), s.p99Micros(), s.maxMicros(), s.timeouts(), s.errors());
        }
    }

    private static void printLatency(Map<Mode, Result> results, int seconds, int rounds) {
        Result stock = results.get(Mode.STOCK);
        System.out.printf("%nLatency with 1 client (%d rounds x %d s per mode), per command p50 / p99 in us (exact), "
            + "and added against STOCK:%n", rounds, seconds);
        for (Mode mode : results.keySet()) {
            Result r = results.get(mode);
            System.out.printf("%-8s %8.1f tx/s %6.0f cpu us/tx |", mode, r.rate(), r.cpuMicrosPerTransaction());
            for (Step step : Step.values()) {
                Samples mine = r.latency.get(step);
                Samples base = stock.latency.get(step);
                System.out.printf(" %s %d/%d (%+d/%+d) |", step, mine.percentile(0.5) / 1000,
                    mine.percentile(0.99) / 1000, (mine.percentile(0.5) - base.percentile(0.5)) / 1000,
                    (mine.percentile(0.99) - base.percentile(0.99)) / 1000);
            }
            System.out.println();
        }
    }

    @FunctionalInterface
    private interface Command {
        SmtpTestClient.Reply run() throws Exception;
    }

    /** Every latency recorded, for exact percentiles (a histogram's buckets are too coarse to see 100 us at 3 ms). */
    private static final class Samples {
        private long[] values = new long[1 << 16];
        private int size;

        synchronized void record(long nanos) {
            if (size == values.length) {
                values = java.util.Arrays.copyOf(values, size * 2);
            }
            values[size++] = nanos;
        }

        synchronized long percentile(double fraction) {
            if (size == 0) {
                return 0;
            }
            long[] sorted = java.util.Arrays.copyOf(values, size);
            java.util.Arrays.sort(sorted);
            return sorted[Math.min(size - 1, (int) Math.ceil(fraction * size) - 1)];
        }
    }

    private static final class Result {
        private final LongAdder transactions = new LongAdder();
        private final LongAdder failures = new LongAdder();
        private final java.util.Queue<String> failureSamples = new java.util.concurrent.ConcurrentLinkedQueue<>();
        private final Map<Step, Samples> latency = new EnumMap<>(Step.class);
        private final List<Double> roundRates = new ArrayList<>();
        private long nanos;
        private long cpuNanos;

        Result() {
            for (Step step : Step.values()) {
                latency.put(step, new Samples());
            }
        }

        double cpuMicrosPerTransaction() {
            return cpuNanos / 1e3 / Math.max(1, transactions.sum());
        }

        double rate() {
            return transactions.sum() / (nanos / 1e9);
        }
    }
}
