package io.spoolgate.exit.host;

import io.spoolgate.exit.ExitCall;
import io.spoolgate.exit.ExitCommand;
import io.spoolgate.exit.host.testexits.NoopExit;

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
        ExitInstance exit = ExitFixtures.instance(new NoopExit());
        ExitCall call = ExitFixtures.call(ExitCommand.RCPT);
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
