package io.spoolgate.exit.host.bench;

import io.spoolgate.exit.ConnectionFacts;
import io.spoolgate.exit.Envelope;
import io.spoolgate.exit.ExitCall;
import io.spoolgate.exit.ExitCommand;
import io.spoolgate.exit.ExitState;
import io.spoolgate.exit.MailOrigin;
import io.spoolgate.exit.host.ExitDefinition;
import io.spoolgate.exit.host.ExitLoader;
import io.spoolgate.exit.host.ExitRegistry;
import io.spoolgate.exit.host.HostSettings;
import io.spoolgate.exit.host.LatencyHistogram;
import io.spoolgate.exit.host.testexits.NoopExit;

import java.util.Map;
import java.util.Optional;

/**
 * The cost the host adds to one SMTP command: one no-op exit call through the budgeted invoker (hand-off to an exit
 * thread and back), measured from the calling thread, without James. Prints p50/p90/p99/max.
 *
 * <p>Run: {@code mvn -o -q -pl smtp-exit/host test-compile org.codehaus.mojo:exec-maven-plugin:3.1.1:java
 * -Dexec.classpathScope=test -Dexec.mainClass=io.spoolgate.exit.host.bench.InvokerLatencyBenchmark}
 */
public final class InvokerLatencyBenchmark {
    private InvokerLatencyBenchmark() {
    }

    public static void main(String[] args) {
        int calls = Integer.getInteger("bench.calls", 200_000);
        ExitRegistry registry = new ExitRegistry(new ExitLoader(InvokerLatencyBenchmark.class.getClassLoader()),
            new HostSettings(HostSettings.DEFAULTS.budget(), Integer.getInteger("bench.exitThreads", 16),
                Integer.getInteger("bench.queue", 1024), HostSettings.TimeoutPolicy.CONTINUE,
                HostSettings.DEFAULTS.drainTimeout(), HostSettings.DEFAULTS.lifecycleTimeout()));
        registry.define(new ExitDefinition("noop", NoopExit.class.getName(), Optional.empty(), Map.of()), true);
        var instance = registry.active().get(0);
        ConnectionFacts facts = new ConnectionFacts("b", MailOrigin.TCP, Optional.empty(), Optional.empty(),
            Optional.empty(), false, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
        ExitCall call = new ExitCall(ExitCommand.RCPT, "RCPT TO:<a@b>", "a@b", Map.of(), facts, Envelope.EMPTY,
            new ExitState(), null, Optional.empty());
        for (int round = 0; round < 3; round++) {
            LatencyHistogram histogram = new LatencyHistogram();
            long cpuBegin = cpuNanos();
            for (int i = 0; i < calls; i++) {
                long begin = System.nanoTime();
                registry.invoker().invoke(instance, call);
                histogram.record(System.nanoTime() - begin);
            }
            double cpuPerCall = (cpuNanos() - cpuBegin) / 1e3 / calls;
            System.out.printf("round %d: %d no-op exit calls: p50=%.1fus p90=%.1fus p99=%.1fus max=%.1fus"
                + " cpu=%.1fus/call%n", round, calls, histogram.percentile(0.5) / 1e3, histogram.percentile(0.9) / 1e3,
                histogram.percentile(0.99) / 1e3, histogram.percentile(1.0) / 1e3, cpuPerCall);
        }
        registry.close();
    }

    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
            .getOperatingSystemMXBean()).getProcessCpuTime();
    }
}
