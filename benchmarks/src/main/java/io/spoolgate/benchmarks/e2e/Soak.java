package io.spoolgate.benchmarks.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Soak run: holds many SMTP connections open for a long time and sends mail over them at a steady total rate, while
 * it samples the server process (heap in use after a full GC, resident memory, open file descriptors, threads). At the
 * end it waits for delivery and checks that every accepted mail landed exactly once. Prints one line per sample and a
 * summary; exit status 0 when there was no error, every accepted mail landed exactly once and the last samples are
 * within bounds of the first ones (see {@link #stable}).
 *
 * <pre>
 * java -cp benchmarks.jar io.spoolgate.benchmarks.e2e.Soak --port N --pid PID --store readers:DIR
 *      [--connections 500] [--seconds 600] [--rate 10] [--size 4096] [--users 32] [--sample 30] [--ramp 50]
 * </pre>
 * {@code --rate} is mails per second over all connections; {@code --ramp} connections opened per second at the start;
 * an idle connection sends {@code NOOP} every 20 s. Heap is read with {@code jcmd PID GC.run} and
 * {@code GC.heap_info} (the JDK's {@code jcmd} next to the running {@code java}).
 */
public final class Soak {

    private static final Pattern HEAP_USED = Pattern.compile("total (\\d+)K, used (\\d+)K");
    private static final long NOOP_EVERY_NANOS = TimeUnit.SECONDS.toNanos(20);

    private Soak() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> o = new ConcurrentHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                usage("unexpected " + args[i]);
            }
            o.put(args[i].substring(2), args[i + 1]);
        }
        if (args.length % 2 != 0 || !o.containsKey("port") || !o.containsKey("pid") || !o.containsKey("store")) {
            usage("--port, --pid and --store are required");
        }
        int port = Integer.parseInt(o.get("port"));
        long pid = Long.parseLong(o.get("pid"));
        int connections = Integer.parseInt(o.getOrDefault("connections", "500"));
        int seconds = Integer.parseInt(o.getOrDefault("seconds", "600"));
        double rate = Double.parseDouble(o.getOrDefault("rate", "10"));
        int size = Integer.parseInt(o.getOrDefault("size", "4096"));
        int users = Integer.parseInt(o.getOrDefault("users", "32"));
        int sampleSeconds = Integer.parseInt(o.getOrDefault("sample", "30"));
        int ramp = Integer.parseInt(o.getOrDefault("ramp", "50"));
        DeliveryStore store = DeliveryStore.parse(o.get("store"));
        String runId = "soak" + System.currentTimeMillis();
        long copiesBefore = store.copies();
        MailCorpus corpus = new MailCorpus(runId, size, 1, users, o.getOrDefault("domain", "vm.example"));
        int capacity = (int) Math.min(Integer.MAX_VALUE - 8, (long) (rate * seconds * 1.5) + 10_000);

        AtomicIntegerArray accepted = new AtomicIntegerArray(capacity);
        AtomicInteger nextSeq = new AtomicInteger();
        AtomicInteger open = new AtomicInteger();
        AtomicLong errors = new AtomicLong();
        List<String> errorSamples = java.util.Collections.synchronizedList(new ArrayList<>());
        Semaphore tokens = new Semaphore(0);
        long start = System.nanoTime();
        long end = start + TimeUnit.SECONDS.toNanos(seconds);
        Latencies latencies = new Latencies(capacity);

        List<Thread> clients = new ArrayList<>();
        for (int c = 0; c < connections; c++) {
            Thread t = new Thread(() -> {
                SmtpConnection smtp = null;
                try {
                    smtp = new SmtpConnection("127.0.0.1", port);
                    open.incrementAndGet();
                    long lastCommand = System.nanoTime();
                    while (System.nanoTime() < end) {
                        if (tokens.tryAcquire(1, TimeUnit.SECONDS)) {
                            int seq = nextSeq.getAndIncrement();
                            if (seq >= capacity) {
                                break;
                            }
                            long t0 = System.nanoTime();
                            smtp.send(corpus.sender(), corpus.recipients(seq), corpus.message(seq));
                            latencies.add(System.nanoTime() - t0);
                            accepted.set(seq, 1);
                            lastCommand = System.nanoTime();
                        } else if (System.nanoTime() - lastCommand > NOOP_EVERY_NANOS) {
                            smtp.noop();
                            lastCommand = System.nanoTime();
                        }
                    }
                } catch (IOException e) {
                    errors.incrementAndGet();
                    if (errorSamples.size() < 10) {
                        errorSamples.add(e.toString());
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    if (smtp != null) {
                        open.decrementAndGet();
                        smtp.close();
                    }
                }
            }, "soak-" + c);
            t.setDaemon(true);
            clients.add(t);
        }
        for (int c = 0; c < clients.size(); c++) {
            clients.get(c).start();
            if ((c + 1) % Math.max(1, ramp) == 0) {
                Thread.sleep(1000);
            }
        }
        // the rate: one token per 1/rate seconds
        Thread pacer = new Thread(() -> {
            long interval = (long) (1e9 / rate);
            long due = System.nanoTime();
            while (System.nanoTime() < end) {
                due += interval;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    try {
                        TimeUnit.NANOSECONDS.sleep(wait);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                tokens.release();
            }
        }, "soak-pacer");
        pacer.setDaemon(true);
        pacer.start();

        System.out.printf(Locale.ROOT, "soak: %d connections, %d s, %.1f mails/s, %d bytes, server pid %d%n",
            connections, seconds, rate, size, pid);
        System.out.printf("%8s %6s %8s %8s %10s %10s %6s %8s%n", "t (s)", "conns", "sent", "errors", "heap MB",
            "RSS MB", "fds", "threads");
        List<long[]> samples = new ArrayList<>();
        long nextSample = start;
        while (System.nanoTime() < end) {
            if (System.nanoTime() >= nextSample) {
                long[] s = sample(pid);
                samples.add(s);
                System.out.printf(Locale.ROOT, "%8d %6d %8d %8d %10.1f %10.1f %6d %8d%n",
                    TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start), open.get(), nextSeq.get(),
                    errors.get(), s[0] / 1024.0, s[1] / 1024.0, s[2], s[3]);
                nextSample += TimeUnit.SECONDS.toNanos(sampleSeconds);
            }
            Thread.sleep(200);
        }
        for (Thread t : clients) {
            t.join(TimeUnit.SECONDS.toMillis(150));
        }
        int sent = Math.min(nextSeq.get(), capacity);
        int acceptedCount = 0;
        long wanted = copiesBefore;
        for (int seq = 0; seq < sent; seq++) {
            if (accepted.get(seq) == 1) {
                acceptedCount++;
                wanted += store.copiesFor(corpus.recipients(seq));
            }
        }
        store.awaitCopies(wanted, System.nanoTime() + TimeUnit.SECONDS.toNanos(Math.max(600, seconds)), 1000);
        Thread.sleep(2000);
        Map<String, Integer> found = store.messageIds(runId + ".");
        AtomicIntegerArray acceptedSent = new AtomicIntegerArray(sent);
        for (int seq = 0; seq < sent; seq++) {
            acceptedSent.set(seq, accepted.get(seq));
        }
        DeliveryCheck check = DeliveryCheck.of(corpus, acceptedSent, found, store);
        long[] last = sample(pid);
        samples.add(last);
        long[] first = samples.get(0);
        long[] settled = samples.size() > 2 ? samples.get(1) : first; // after the ramp-up
        boolean stable = stable(settled, last);
        System.out.printf(Locale.ROOT, "after delivery: heap %.1f MB, RSS %.1f MB, fds %d, threads %d%n",
            last[0] / 1024.0, last[1] / 1024.0, last[2], last[3]);
        System.out.printf(Locale.ROOT, "soak result: %d mails sent, %d accepted, %d errors, transaction p50 %.1f ms "
                + "p99 %.1f ms, delivery %s; heap after GC %.1f -> %.1f MB, fds %d -> %d, threads %d -> %d: %s%n",
            sent, acceptedCount, errors.get(), latencies.percentileMillis(50), latencies.percentileMillis(99),
            check.exactlyOnce() ? "exactly once" : String.format(Locale.ROOT, "LOST %d DUPLICATED %d STRAY %d",
                check.missing(), check.duplicated(), check.stray()),
            settled[0] / 1024.0, last[0] / 1024.0, settled[2], last[2], settled[3], last[3],
            stable ? "stable" : "NOT STABLE");
        errorSamples.forEach(e -> System.out.println("  error: " + e));
        System.exit(errors.get() == 0 && check.exactlyOnce() && stable && acceptedCount == sent ? 0 : 1);
    }

    /**
     * Heap after GC may grow by at most 64 MB or 50 %; descriptors and threads, measured once the connections are
     * closed again, may not exceed what the server held with all connections open.
     */
    static boolean stable(long[] settled, long[] last) {
        boolean heap = last[0] <= Math.max(settled[0] + 64 * 1024, settled[0] * 3 / 2);
        return heap && last[2] <= settled[2] && last[3] <= settled[3];
    }

    /** heap used after a full GC (KB), RSS (KB), open descriptors, threads of {@code pid}. */
    static long[] sample(long pid) throws Exception {
        jcmd(pid, "GC.run");
        String heap = jcmd(pid, "GC.heap_info");
        Matcher m = HEAP_USED.matcher(heap);
        long heapKb = m.find() ? Long.parseLong(m.group(2)) : -1;
        long rss = -1;
        long threads = -1;
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("VmRSS:")) {
                rss = Long.parseLong(line.replaceAll("\\D", ""));
            } else if (line.startsWith("Threads:")) {
                threads = Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        long fds;
        try (var list = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            fds = list.count();
        }
        return new long[] {heapKb, rss, fds, threads};
    }

    private static String jcmd(long pid, String command) throws Exception {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        Process p = new ProcessBuilder(jcmd.toString(), Long.toString(pid), command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        p.waitFor(60, TimeUnit.SECONDS);
        return out;
    }

    private static void usage(String why) {
        System.err.println("Soak: " + why + "\nusage: Soak --port N --pid PID --store readers:DIR [--connections 500] "
            + "[--seconds 600] [--rate 10] [--size 4096] [--users 32] [--sample 30] [--ramp 50]");
        System.exit(2);
    }
}
