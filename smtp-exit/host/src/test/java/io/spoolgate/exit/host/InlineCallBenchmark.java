package io.spoolgate.exit.host;

import io.spoolgate.exit.ConnectionFacts;
import io.spoolgate.exit.Envelope;
import io.spoolgate.exit.ExitCall;
import io.spoolgate.exit.ExitCommand;
import io.spoolgate.exit.ExitState;
import io.spoolgate.exit.MailOrigin;
import io.spoolgate.exit.host.testexits.NoopExit;

import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;

/**
 * Cost of one exit call made on an SMTP worker thread (watchdog slot, call, counters), without James: a no-op exit
 * called in a loop, five rounds of two million calls. Prints nanoseconds per call; no assertion.
 * Run: {@code java -cp <smtp-exit/host test class path> io.spoolgate.exit.host.InlineCallBenchmark}.
 */
public final class InlineCallBenchmark {
    private static final int CALLS = 2_000_000;

    private InlineCallBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        ExitInstance exit = new ExitInstance(new ExitDefinition("noop", NoopExit.class.getName(), Optional.empty(),
            Map.of()), 1, new LoadedExit(new NoopExit(), Optional.empty()), null, EnumSet.allOf(ExitCommand.class),
            new ExitMetrics());
        ConnectionFacts facts = new ConnectionFacts("c", MailOrigin.TCP, Optional.empty(), Optional.empty(),
            Optional.empty(), false, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
        ExitCall call = new ExitCall(ExitCommand.RCPT, "RCPT TO:<a@vm.example>", "a@vm.example", Map.of(), facts,
            Envelope.EMPTY, new ExitState(), null, Optional.empty());
        try (ExitInvoker invoker = new ExitInvoker(HostSettings.DEFAULTS)) {
            Thread worker = new SmtpWorkerThread(() -> {
                for (int round = 0; round < 5; round++) {
                    long begin = System.nanoTime();
                    for (int i = 0; i < CALLS; i++) {
                        invoker.invoke(exit, call);
                    }
                    System.out.printf("inline exit call: %.1f ns%n", (System.nanoTime() - begin) / (double) CALLS);
                }
            }, "bench-worker", true, () -> { }, () -> { });
            worker.start();
            worker.join();
        }
    }
}
