package io.spoolgate.addressing.mapping;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * Remembers another strategy's answers (hits and misses) for {@code ttl}, at most {@code maxEntries}, least recently
 * used out first. Failures are not remembered. Keeps LDAP off the SMTP threads for known recipients.
 */
public final class CachingStrategy implements MappingStrategy {

    private record Entry(Optional<MappedUserid> answer, long expiresAt) {
    }

    private final MappingStrategy delegate;
    private final long ttlNanos;
    private final LongSupplier nanoClock;
    private final Map<RecipientAddress, Entry> entries;

    public CachingStrategy(MappingStrategy delegate, Duration ttl, int maxEntries) {
        this(delegate, ttl, maxEntries, System::nanoTime);
    }

    CachingStrategy(MappingStrategy delegate, Duration ttl, int maxEntries, LongSupplier nanoClock) {
        if (maxEntries < 1) {
            throw new IllegalArgumentException("cache size must be at least 1, not " + maxEntries);
        }
        this.delegate = delegate;
        this.ttlNanos = ttl.toNanos();
        this.nanoClock = nanoClock;
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<RecipientAddress, Entry> eldest) {
                return size() > maxEntries;
            }
        };
    }

    @Override
    public String name() {
        return delegate.name();
    }

    @Override
    public Optional<MappedUserid> map(RecipientAddress recipient) {
        long now = nanoClock.getAsLong();
        synchronized (entries) {
            Entry e = entries.get(recipient);
            if (e != null && now - e.expiresAt() < 0) {
                return e.answer();
            }
        }
        Optional<MappedUserid> answer = delegate.map(recipient);
        synchronized (entries) {
            entries.put(recipient, new Entry(answer, now + ttlNanos));
        }
        return answer;
    }
}
