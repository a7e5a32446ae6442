package io.spoolgate.exit.host.bench;

import com.google.inject.multibindings.Multibinder;
import io.spoolgate.exit.host.ExitDefinition;
import io.spoolgate.exit.host.ExitMetrics;
import io.spoolgate.exit.host.ExitRegistry;
import io.spoolgate.exit.host.HostSettings;
import io.spoolgate.exit.host.LatencyHistogram;
import io.spoolgate.exit.host.guice.SmtpExitModule;
import io.spoolgate.exit.host.support.ExitHostProbe;
import io.spoolgate.exit.host.support.SmtpTestClient;
import io.spoolgate.exit.host.testexits.NoopExit;
import io.spoolgate.exit.rfc2505.Rfc2505Exit;
import org.apache.james.GuiceJamesServer;
import org.apache.james.MemoryJamesConfiguration;
import org.apache.james.MemoryJamesServerMain;
import org.apache.james.modules.protocols.SmtpGuiceProbe;
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
 * End-to-end SMTP throughput and per-command latency against an in-process James 3.8.1, in one run: with no exit,
 * with a no-op exit and with the shipped RFC 2505 exit. Modes alternate over several rounds so that machine noise
 * hits them alike. Prints a table; no assertion (speed is reported, not tested). Besides wall-clock throughput it
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

    private enum Mode { NONE, NOOP, RFC2505 }

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
            int port = server.getProbe(SmtpGuiceProbe.class).getSmtpPort().getValue();
            registry.define(new ExitDefinition("noop", NoopExit.class.getName(), Optional.empty(), Map.of()), false);
            registry.define(new ExitDefinition("rfc2505", Rfc2505Exit.class.getName(), Optional.empty(), Map.of(
                "localDomains", "example.com", "maxConnectionsPerMinute", "100000000",
                "trustedNetworks", "192.0.2.0/24", "localNames", "exit-test.example")), false);

            Map<Mode, Result> results = new EnumMap<>(Mode.class);
            // warm-up of every mode, so that no mode pays for the JIT compiling its code path during a measured round
            int warmup = Integer.getInteger("bench.warmup", 3);
            for (Mode mode : Mode.values()) {
                activate(registry, mode);
                run(port, clients, warmup, mode, new Result());
            }
            Mode[] modes = Mode.values();
            for (int round = 0; round < rounds; round++) {
                // the order rotates from round to round, so that no mode always runs first or after the same one
                for (int k = 0; k < modes.length; k++) {
                    Mode mode = modes[(round + k) % modes.length];
                    activate(registry, mode);
                    run(port, clients, seconds, mode, results.computeIfAbsent(mode, m -> new Result()));
                }
            }
            print(results, registry, clients, seconds, rounds);
        } finally {
            server.stop();
        }
        System.exit(0);
    }

    private static void activate(ExitRegistry registry, Mode mode) {
        registry.stop("noop");
        registry.stop("rfc2505");
        if (mode == Mode.NOOP) {
            registry.start("noop");
        } else if (mode == Mode.RFC2505) {
            registry.start("rfc2505");
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
        result.cpuNanos += processCpuNanos() - cpuBegin;
        result.roundRates.add((result.transactions.sum() - txBefore) / (nanos / 1e9));
        pool.shutdown();
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
        int code = command.run().code();
        result.latency.get(step).record(System.nanoTime() - begin);
        return code;
    }

    private static void print(Map<Mode, Result> results, ExitRegistry registry, int clients, int seconds,
                              int rounds) {
        Result none = results.get(Mode.NONE);
        System.out.printf("%nSMTP exit benchmark: %d clients, %d rounds x %d s per mode, %d messages per connection%n",
            clients, rounds, seconds, MESSAGES_PER_CONNECTION);
        System.out.printf("%-8s %10s %8s %10s %9s |", "mode", "tx/s", "cost", "cpu us/tx", "failures");
        for (Step step : Step.values()) {
            System.out.printf(" %-11s p50/p99 us |", step);
        }
        System.out.println();
        for (Mode mode : Mode.values()) {
            Result r = results.get(mode);
            double cost = 100.0 * (1 - r.rate() / none.rate());
            System.out.printf("%-8s %10.1f %7.1f%% %10.0f %9d |", mode, r.rate(), mode == Mode.NONE ? 0.0 : cost,
                r.cpuMicrosPerTransaction(), r.failures.sum());
            for (Step step : Step.values()) {
                LatencyHistogram h = r.latency.get(step);
                System.out.printf(" %10d / %-10d |", h.percentile(0.5) / 1000, h.percentile(0.99) / 1000);
            }
            System.out.println();
        }
        System.out.printf("%nCost per round (1 - tx/s of the mode / tx/s of NONE in the same round), median [min, max]:%n");
        for (Mode mode : List.of(Mode.NOOP, Mode.RFC2505)) {
            List<Double> costs = new ArrayList<>();
            for (int i = 0; i < rounds; i++) {
                costs.add(100.0 * (1 - results.get(mode).roundRates.get(i) / none.roundRates.get(i)));
            }
            List<Double> sorted = new ArrayList<>(costs);
            sorted.sort(null);
            double median = sorted.size() % 2 == 1 ? sorted.get(sorted.size() / 2)
                : (sorted.get(sorted.size() / 2 - 1) + sorted.get(sorted.size() / 2)) / 2;
            System.out.printf("%-8s median %5.1f%% [%5.1f%%, %5.1f%%]  rounds:", mode, median, sorted.get(0),
                sorted.get(sorted.size() - 1));
            costs.forEach(c -> System.out.printf(" %5.1f%%", c));
            System.out.println();
        }
        System.out.printf("%nAdded client-side p99 per command versus NONE (us):%n");
        for (Mode mode : List.of(Mode.NOOP, Mode.RFC2505)) {
            System.out.printf("%-8s", mode);
            for (Step step : Step.values()) {
                long added = results.get(mode).latency.get(step).percentile(0.99)
                    - none.latency.get(step).percentile(0.99);
                System.out.printf(" %s=%d", step, added / 1000);
            }
            System.out.println();
        }
        System.out.printf("%nHost-side exit call latency (submit to verdict, all commands):%n");
        for (String name : List.of("noop", "rfc2505")) {
            ExitMetrics.Snapshot s = registry.status(name).counters();
            System.out.printf("%-8s calls=%d p50=%dus p90=%dus p99=%dus max=%dus timeouts=%d errors=%d%n", name,
                s.calls(), s.p50Micros(), s.p90Micros(), s.p99Micros(), s.maxMicros(), s.timeouts(), s.errors());
        }
    }

    @FunctionalInterface
    private interface Command {
        SmtpTestClient.Reply run() throws Exception;
    }

    private static final class Result {
        private final LongAdder transactions = new LongAdder();
        private final LongAdder failures = new LongAdder();
        private final Map<Step, LatencyHistogram> latency = new EnumMap<>(Step.class);
        private final List<Double> roundRates = new ArrayList<>();
        private long nanos;
        private long cpuNanos;

        Result() {
            for (Step step : Step.values()) {
                latency.put(step, new LatencyHistogram());
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
