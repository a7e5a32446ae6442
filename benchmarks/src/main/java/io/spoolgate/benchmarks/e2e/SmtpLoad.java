package io.spoolgate.benchmarks.e2e;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * End-to-end SMTP load generator: sends mails over loopback with plain (non-pipelined) SMTP, checks every reply, waits
 * until the server has delivered what it accepted, checks that every accepted mail landed exactly once, and prints
 * mails/s (SMTP acceptance and end to end), p50/p95/p99 transaction latency (MAIL FROM to the reply to the final dot),
 * failures and the server's CPU seconds per 1000 mails (from {@code /proc}, measured from before the first connection
 * until delivery is complete), and the share of that CPU spent by a JVM server's JIT compiler threads (a run with a
 * high share measures warm-up, not the steady cost of a mail). Options: see {@link LoadSettings}. Exit status 0 when
 * all mails were accepted and landed exactly once, 1 otherwise, 2 for wrong usage.
 */
public final class SmtpLoad {

    private SmtpLoad() {
    }

    public static void main(String[] args) throws Exception {
        LoadSettings settings;
        try {
            settings = LoadSettings.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("SmtpLoad: " + e.getMessage());
            System.exit(2);
            return;
        }
        System.exit(run(settings) ? 0 : 1);
    }

    static boolean run(LoadSettings s) throws Exception {
        MailCorpus corpus = new MailCorpus(s.runId(), s.size(), s.rcpts(), s.users(), s.domain());
        Optional<DeliveryStore> store = s.store().map(DeliveryStore::parse);
        long copiesBefore = store.isPresent() ? store.get().copies() : 0;
        double cpuBefore = s.pids().isEmpty() ? 0 : ProcessTreeCpu.seconds(s.pids());
        double jitBefore = ProcessTreeCpu.compilerSeconds(s.pids());

        LoadDriver.Outcome o = new LoadDriver(s, corpus).run();

        double e2eSeconds = o.seconds();
        DeliveryCheck check = null;
        if (store.isPresent()) {
            DeliveryStore st = store.get();
            long target = copiesBefore;
            for (int seq = 0; seq < s.mails(); seq++) {
                if (o.acceptedBySeq().get(seq) == 1) {
                    target += st.copiesFor(corpus.recipients(seq));
                }
            }
            long deadline = o.startNanos() + (long) (o.seconds() * 1e9) + s.deliverTimeoutSeconds() * 1_000_000_000L;
            st.awaitCopies(target, deadline, 50);
            e2eSeconds = (System.nanoTime() - o.startNanos()) / 1e9;
        }
        double cpu = s.pids().isEmpty() ? Double.NaN : ProcessTreeCpu.seconds(s.pids()) - cpuBefore;
        double jitShare = s.pids().isEmpty() || cpu <= 0 ? Double.NaN
            : 100.0 * (ProcessTreeCpu.compilerSeconds(s.pids()) - jitBefore) / cpu;
        if (store.isPresent()) {
            Thread.sleep(1000); // a late duplicate would show up here
            Map<String, Integer> found = store.get().messageIds(s.runId() + ".");
            check = DeliveryCheck.of(corpus, o.acceptedBySeq(), found, store.get());
        }

        double smtpRate = o.accepted() / o.seconds();
        double e2eRate = o.accepted() / e2eSeconds;
        double cpuPer1000 = o.accepted() == 0 ? Double.NaN : cpu * 1000.0 / o.accepted();
        String verdict = check == null ? "not checked"
            : check.exactlyOnce() ? "exactly once"
            : String.format(Locale.ROOT, "LOST %d DUPLICATED %d STRAY %d", check.missing(), check.duplicated(), check.stray());
        System.out.printf(Locale.ROOT, "%-22s size %7d B  conns %3d  mails %6d  accepted %6d  failures %4d  "
                + "smtp %8.1f/s  e2e %8.1f/s  p50 %7.1f ms  p95 %7.1f ms  p99 %7.1f ms  cpu %6.2f s/1000  jit %4.1f %%  %s%n",
            s.label(), s.size(), s.connections(), s.mails(), o.accepted(), o.failures(), smtpRate, e2eRate,
            o.latencies().percentileMillis(50), o.latencies().percentileMillis(95), o.latencies().percentileMillis(99),
            cpuPer1000, jitShare, verdict);
        if (!o.failureSamples().isEmpty()) {
            System.out.println("  failures by reply code (0 = I/O): " + o.failureCodes());
            o.failureSamples().forEach(f -> System.out.println("  e.g. " + f));
        }
        if (s.results().isPresent()) {
            String line = String.join("\t", s.label(), Integer.toString(s.size()), Integer.toString(s.connections()),
                Integer.toString(s.mails()), Integer.toString(o.accepted()), Integer.toString(o.failures()),
                fmt(smtpRate), fmt(e2eRate), fmt(o.latencies().percentileMillis(50)),
                fmt(o.latencies().percentileMillis(95)), fmt(o.latencies().percentileMillis(99)), fmt(cpuPer1000),
                check == null ? "-" : Integer.toString(check.missing()),
                check == null ? "-" : Integer.toString(check.duplicated()),
                check == null ? "-" : Integer.toString(check.stray()), fmt(jitShare)) + "\n";
            Files.writeString(s.results().get(), line, StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        }
        return o.failures() == 0 && (check == null || check.exactlyOnce());
    }

    private static String fmt(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.2f", v);
    }
}
