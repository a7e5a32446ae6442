package io.spoolgate.vmspool.directory;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * Remembers answers of a slow lookup (a process, a network round trip) for {@code ttl}: yes and no alike, at most
 * {@code maxEntries}, least recently used out first. A lookup that throws is not remembered. Thread-safe; the lookup
 * itself runs outside the lock. Shared by the cached VM user directory and the cached MAPUSER strategies.
 *
 * @param <K> the question
 * @param <V> the answer
 */
public final class AnswerCache<K, V> {

    private record Entry<V>(V answer, long expiresAt) {
    }

    private final long ttlNanos;
    private final LongSupplier nanoClock;
    private final Map<K, Entry<V>> entries;

    public AnswerCache(Duration ttl, int maxEntries, LongSupplier nanoClock) {
        if (maxEntries < 1) {
            throw new IllegalArgumentException("cache size must be at least 1, not " + maxEntries);
        }
        this.ttlNanos = ttl.toNanos();
        this.nanoClock = nanoClock;
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<K, Entry<V>> eldest) {
                return size() > maxEntries;
            }
        };
    }

    /** The remembered answer to {@code key}, or {@code lookup}'s, remembered from now on. */
    public V get(K key, Function<K, V> lookup) {
        long now = nanoClock.getAsLong();
        synchronized (entries) {
            Entry<V> e = entries.get(key);
            if (e != null && now - e.expiresAt() < 0) {
                return e.answer();
            }
        }
        V answer = lookup.apply(key);
        synchronized (entries) {
            entries.put(key, new Entry<>(answer, now + ttlNanos));
        }
        return answer;
    }
}
