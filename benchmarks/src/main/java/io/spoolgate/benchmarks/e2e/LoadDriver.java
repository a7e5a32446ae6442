package io.spoolgate.benchmarks.e2e;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * Drives the SMTP load: {@code connections} threads, each with its own connection, sending mails numbered from one
 * shared counter until the total is reached. A connection carries at most {@code perConnection} mails, then QUITs and
 * reconnects. Any unexpected reply or I/O error fails that one mail and the thread starts a new connection; every
 * mail number is used once, so the run always ends.
 */
final class LoadDriver {

    /** What a run did. */
    record Outcome(int accepted, int failures, double seconds, long startNanos, Latencies latencies,
                   AtomicIntegerArray acceptedBySeq, List<String> failureSamples, ConcurrentMap<Integer, Integer> failureCodes) {
    }

    private static final int MAX_SAMPLES = 5;

    private final LoadSettings settings;
    private final MailCorpus corpus;

    LoadDriver(LoadSettings settings, MailCorpus corpus) {
        this.settings = settings;
        this.corpus = corpus;
    }

    Outcome run() throws InterruptedException {
        AtomicInteger next = new AtomicInteger();
        AtomicInteger failures = new AtomicInteger();
        AtomicIntegerArray accepted = new AtomicIntegerArray(settings.mails());
        Latencies latencies = new Latencies(settings.mails());
        List<String> samples = java.util.Collections.synchronizedList(new ArrayList<>());
        ConcurrentMap<Integer, Integer> codes = new ConcurrentHashMap<>();
        List<Thread> threads = new ArrayList<>();
        long start = System.nanoTime();
        for (int t = 0; t < settings.connections(); t++) {
            Thread thread = new Thread(() -> work(next, failures, accepted, latencies, samples, codes), "load-" + t);
            threads.add(thread);
            thread.start();
        }
        for (Thread t : threads) {
            t.join();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        int ok = 0;
        for (int i = 0; i < accepted.length(); i++) {
            ok += accepted.get(i);
        }
        return new Outcome(ok, failures.get(), seconds, start, latencies, accepted, samples, codes);
    }

    private void work(AtomicInteger next, AtomicInteger failures, AtomicIntegerArray accepted, Latencies latencies,
                      List<String> samples, ConcurrentMap<Integer, Integer> codes) {
        while (next.get() < settings.mails()) {
            SmtpConnection c;
            try {
                c = new SmtpConnection(settings.host(), settings.port());
            } catch (IOException e) {
                int seq = next.getAndIncrement();
                if (seq < settings.mails()) {
                    fail(e, failures, samples, codes);
                }
                pause();
                continue;
            }
            try (c) {
                for (int m = 0; m < settings.perConnection(); m++) {
                    int seq = next.getAndIncrement();
                    if (seq >= settings.mails()) {
                        return;
                    }
                    byte[] message = corpus.message(seq);
                    long t0 = System.nanoTime();
                    try {
                        c.send(corpus.sender(), corpus.recipients(seq), message);
                    } catch (IOException e) {
                        fail(e, failures, samples, codes);
                        break; // the session state is unknown: start a new connection
                    }
                    latencies.add(System.nanoTime() - t0);
                    accepted.set(seq, 1);
                }
            }
        }
    }

    private static void fail(IOException e, AtomicInteger failures, List<String> samples,
                             ConcurrentMap<Integer, Integer> codes) {
        failures.incrementAndGet();
        int code = e instanceof SmtpConnection.SmtpReplyException r ? r.code : 0;
        codes.merge(code, 1, Integer::sum);
        if (samples.size() < MAX_SAMPLES) {
            samples.add(e.getMessage());
        }
    }

    private static void pause() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
