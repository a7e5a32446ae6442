package io.spoolgate.scan.bench;

import io.spoolgate.scan.ScannerEndpoint;
import io.spoolgate.scan.TestMessages;
import io.spoolgate.scan.banned.BannedPartFinder;
import io.spoolgate.scan.banned.ZipEntryNames;
import io.spoolgate.scan.banned.BannedNameRules;
import io.spoolgate.scan.clamav.ClamdClient;
import io.spoolgate.scan.policy.SpamHeaders;
import io.spoolgate.scan.policy.ThresholdPolicy;
import io.spoolgate.scan.spamassassin.SpamVerdict;
import io.spoolgate.scan.spamassassin.SpamdClient;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import javax.mail.Session;
import javax.mail.internet.MimeMessage;

/**
 * Messages per second through Spoolgate's scanning pipeline (per message: clamd zINSTREAM, spamd SYMBOLS, banned-file
 * rules, policy level and X-Spam headers) with N concurrent connections, beside the daemons' own bound measured with
 * their own clients ({@code clamdscan --stream}, {@code spamc}), one process per message, N at a time, on the same
 * corpus. Needs the daemons of {@code bin/scanners start}.
 *
 * <pre>
 * java -Drounds=2 -cp ... io.spoolgate.scan.bench.ScanThroughputBenchmark [messages4k=48] [messages100k=16] [connections=8]
 * </pre>
 */
public final class ScanThroughputBenchmark {
    private static final int CLAMD_PORT = Integer.getInteger("spoolgate.clamd.port", 3310);
    private static final int SPAMD_PORT = Integer.getInteger("spoolgate.spamd.port", 783);
    private static final int ROUNDS = Integer.getInteger("rounds", 2);

    private ScanThroughputBenchmark() {
    }

    /**
     * @param args message counts for 4 KB and 100 KB and the number of connections
     */
    public static void main(String[] args) throws Exception {
        int n4k = args.length > 0 ? Integer.parseInt(args[0]) : 48;
        int n100k = args.length > 1 ? Integer.parseInt(args[1]) : 16;
        int connections = args.length > 2 ? Integer.parseInt(args[2]) : 8;
        Path dir = Files.createTempDirectory("spoolgate-bench");
        Path clamdConf = dir.resolve("clamd-client.conf");
        Files.writeString(clamdConf, "TCPSocket " + CLAMD_PORT + "\nTCPAddr 127.0.0.1\n");
        System.out.printf(Locale.ROOT, "%-8s %-22s %10s %10s%n", "size", "what", "msgs/s", "ratio");
        for (int[] run : new int[][] {{4096, n4k}, {100 * 1024, n100k}}) {
            List<byte[]> corpus = corpus(run[0], run[1]);
            List<Path> files = new ArrayList<>();
            for (int i = 0; i < corpus.size(); i++) {
                Path f = dir.resolve(run[0] + "-" + i + ".eml");
                Files.write(f, corpus.get(i));
                files.add(f);
            }
            String size = (run[0] / 1024) + "KB";
            // the machine is shared: alternate the daemons' clients and ours for ROUNDS rounds and keep each one's best
            double clamdOwn = 0;
            double clamdOurs = 0;
            double spamdOwn = 0;
            double spamdOurs = 0;
            double both = 0;
            for (int round = 0; round < ROUNDS; round++) {
                clamdOwn = Math.max(clamdOwn, rate(connections, files, f -> exec("clamdscan", "--config-file=" + clamdConf,
                    "--stream", "--no-summary", "--quiet", f.toString())));
                clamdOurs = Math.max(clamdOurs, rate(connections, corpus, ScanThroughputBenchmark::clamd));
                spamdOwn = Math.max(spamdOwn, rate(connections, files, f -> exec("spamc", "-p", String.valueOf(SPAMD_PORT), "-c", "<" + f)));
                spamdOurs = Math.max(spamdOurs, rate(connections, corpus, ScanThroughputBenchmark::spamd));
                both = Math.max(both, rate(connections, corpus, ScanThroughputBenchmark::full));
            }
            report(size, "clamdscan --stream", clamdOwn, Double.NaN);
            report(size, "pipeline clamd only", clamdOurs, clamdOurs / clamdOwn);
            report(size, "spamc", spamdOwn, Double.NaN);
            report(size, "pipeline spamd only", spamdOurs, spamdOurs / spamdOwn);
            double bound = 1.0 / (1.0 / clamdOwn + 1.0 / spamdOwn);
            report(size, "daemons' bound (both)", bound, Double.NaN);
            report(size, "full pipeline", both, both / bound);
        }
    }

    private static void report(String size, String what, double rate, double ratio) {
        System.out.printf(Locale.ROOT, "%-8s %-22s %10.1f %10s%n", size, what, rate,
            Double.isNaN(ratio) ? "" : String.format(Locale.ROOT, "%.0f%%", ratio * 100));
    }

    private static List<byte[]> corpus(int size, int count) {
        List<byte[]> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            out.add(TestMessages.ofSize("Benchmark message " + i + " of " + size, size).getBytes(StandardCharsets.US_ASCII));
        }
        return out;
    }

    private interface Job<T> {
        void run(T item) throws Exception;
    }

    /** Runs every item once on {@code connections} threads after a short warm-up; returns items per second. */
    private static <T> double rate(int connections, List<T> items, Job<T> job) throws Exception {
        for (int i = 0; i < Math.min(connections, items.size()); i++) {
            job.run(items.get(i));
        }
        ExecutorService pool = Executors.newFixedThreadPool(connections);
        AtomicInteger next = new AtomicInteger();
        long start = System.nanoTime();
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < connections; t++) {
            futures.add(pool.submit(() -> {
                int i;
                while ((i = next.getAndIncrement()) < items.size()) {
                    job.run(items.get(i));
                }
                return null;
            }));
        }
        for (Future<?> f : futures) {
            f.get();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        pool.shutdown();
        return items.size() / seconds;
    }

    private static final ClamdClient CLAMD = new ClamdClient(
        ScannerEndpoint.tcp("127.0.0.1", CLAMD_PORT, Duration.ofSeconds(2), Duration.ofSeconds(60)), 65536);
    private static final SpamdClient SPAMD = new SpamdClient(
        ScannerEndpoint.tcp("127.0.0.1", SPAMD_PORT, Duration.ofSeconds(2), Duration.ofSeconds(120)), 512_000);
    private static final BannedPartFinder BANNED = new BannedPartFinder(BannedNameRules.defaults(), ZipEntryNames.defaults());
    private static final Session SESSION = Session.getDefaultInstance(new Properties());

    private static void clamd(byte[] message) throws Exception {
        if (CLAMD.scan(new ByteArrayInputStream(message)).infected()) {
            throw new IllegalStateException("corpus message flagged infected");
        }
    }

    private static void spamd(byte[] message) throws Exception {
        SPAMD.scan(new ByteArrayInputStream(message), Optional.empty()).orElseThrow();
    }

    private static void full(byte[] message) throws Exception {
        clamd(message);
        SpamVerdict verdict = SPAMD.scan(new ByteArrayInputStream(message), Optional.empty()).orElseThrow();
        BANNED.find(new MimeMessage(SESSION, new ByteArrayInputStream(message)));
        SpamHeaders.of(verdict, ThresholdPolicy.DEFAULT);
    }

    private static void exec(String... command) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(command));
        ProcessBuilder pb;
        String last = cmd.get(cmd.size() - 1);
        if (last.startsWith("<")) {
            cmd.remove(cmd.size() - 1);
            pb = new ProcessBuilder(cmd).redirectInput(Path.of(last.substring(1)).toFile());
        } else {
            pb = new ProcessBuilder(cmd);
        }
        Process p = pb.redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        int rc = p.waitFor();
        if (rc != 0 && !(cmd.get(0).equals("spamc") && rc == 1)) {
            throw new IllegalStateException(String.join(" ", command) + " exited with " + rc);
        }
    }
}
