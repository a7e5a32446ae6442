package io.spoolgate.vmspool.directory;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

import io.spoolgate.vmspool.spool.VmUserid;

/**
 * Remembers another directory's answers for a while (yes and no alike), at most {@code maxEntries} of them, least
 * recently used first out. For directories that cost a process ({@code vmcp}) or a network round trip (LDAP). Errors are
 * not cached.
 */
public final class CachedUserDirectory implements VmUserDirectory {

    private record Entry(boolean exists, long expiresAt) {
    }

    private final VmUserDirectory delegate;
    private final long ttlNanos;
    private final LongSupplier nanoClock;
    private final Map<VmUserid, Entry> entries;

    public CachedUserDirectory(VmUserDirectory delegate, Duration ttl, int maxEntries) {
        this(delegate, ttl, maxEntries, System::nanoTime);
    }

    CachedUserDirectory(VmUserDirectory delegate, Duration ttl, int maxEntries, LongSupplier nanoClock) {
        if (maxEntries < 1) {
            throw new IllegalArgumentException("cache size must be at least 1, not " + maxEntries);
        }
        this.delegate = delegate;
        this.ttlNanos = ttl.toNanos();
        this.nanoClock = nanoClock;
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<VmUserid, Entry> eldest) {
                return size() > maxEntries;
            }
        };
    }

    @Override
    public boolean exists(VmUserid userid) {
        long now = nanoClock.getAsLong();
        synchronized (entries) {
            Entry e = entries.get(userid);
            if (e != null && now - e.expiresAt() < 0) {
                return e.exists();
            }
        }
        boolean exists = delegate.exists(userid);
        synchronized (entries) {
            entries.put(userid, new Entry(exists, now + ttlNanos));
        }
        return exists;
    }
}
