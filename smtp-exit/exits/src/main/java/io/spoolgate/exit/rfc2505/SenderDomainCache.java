package io.spoolgate.exit.rfc2505;

import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.ArrayBlockingQueue;

/**
 * Checks sender domains without ever making an exit call wait long: lookups run on the cache's own threads; a
 * caller waits at most a few milliseconds and otherwise gets "not known yet" (and asks again at a later command).
 * Answers are kept for a while (shorter for temporary failures); the cache is bounded.
 */
public final class SenderDomainCache implements AutoCloseable {
    private final DomainResolver resolver;
    private final Clock clock;
    private final Duration positiveTtl;
    private final Duration negativeTtl;
    private final int maxEntries;
    private final ExecutorService lookups;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();

    /**
     * @param resolver    the DNS client
     * @param clock       time source
     * @param positiveTtl how long an answer (exists / not found) is kept
     * @param negativeTtl how long a temporary failure is kept
     * @param maxEntries  most domains remembered (the cache is cleared when full)
     * @param threads     lookups running at once
     */
    public SenderDomainCache(DomainResolver resolver, Clock clock, Duration positiveTtl, Duration negativeTtl,
                             int maxEntries, int threads) {
        this.resolver = resolver;
        this.clock = clock;
        this.positiveTtl = positiveTtl;
        this.negativeTtl = negativeTtl;
        this.maxEntries = maxEntries;
        this.lookups = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(Math.max(16, maxEntries / 10)), runnable -> {
                Thread thread = new Thread(runnable, "spoolgate-rfc2505-dns");
                thread.setDaemon(true);
                return thread;
            });
    }

    /**
     * @param domain the sender domain
     * @param wait   how long to wait for a lookup started now or earlier
     * @return the answer if known within {@code wait}
     */
    public Optional<DomainStatus> check(String domain, Duration wait) {
        String key = domain.toLowerCase(Locale.ROOT);
        long now = clock.millis();
        Entry entry = entries.get(key);
        if (entry == null || entry.expired(now)) {
            if (entries.size() >= maxEntries) {
                entries.clear();
            }
            entry = entries.compute(key, (k, old) -> old == null || old.expired(now) ? start(k) : old);
        }
        CompletableFuture<DomainStatus> future = entry.future;
        if (future.isDone() || wait.isZero()) {
            return Optional.ofNullable(future.getNow(null));
        }
        try {
            return Optional.of(future.get(wait.toNanos(), TimeUnit.NANOSECONDS));
        } catch (TimeoutException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } catch (ExecutionException e) {
            return Optional.of(DomainStatus.TEMPORARY_FAILURE);
        }
    }

    private Entry start(String domain) {
        Entry entry = new Entry(new CompletableFuture<>());
        try {
            lookups.execute(() -> {
                DomainStatus status;
                try {
                    status = resolver.resolve(domain);
                } catch (RuntimeException e) {
                    status = DomainStatus.TEMPORARY_FAILURE;
                }
                Duration ttl = status == DomainStatus.TEMPORARY_FAILURE ? negativeTtl : positiveTtl;
                entry.expiresAt = clock.millis() + ttl.toMillis();
                entry.future.complete(status);
            });
        } catch (RejectedExecutionException e) {
            entry.expiresAt = 0;
            entry.future.complete(DomainStatus.TEMPORARY_FAILURE);
        }
        return entry;
    }

    @Override
    public void close() {
        lookups.shutdownNow();
    }

    private static final class Entry {
        private final CompletableFuture<DomainStatus> future;
        private volatile long expiresAt = Long.MAX_VALUE;

        Entry(CompletableFuture<DomainStatus> future) {
            this.future = future;
        }

        boolean expired(long now) {
            return future.isDone() && now >= expiresAt;
        }
    }
}
