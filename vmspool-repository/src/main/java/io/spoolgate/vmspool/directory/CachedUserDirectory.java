package io.spoolgate.vmspool.directory;

import java.time.Duration;
import java.util.function.LongSupplier;

import io.spoolgate.vmspool.spool.VmUserid;

/**
 * Remembers another directory's answers for a while (yes and no alike), at most {@code maxEntries} of them, least
 * recently used first out. For directories that cost a process ({@code vmcp}) or a network round trip (LDAP). Errors are
 * not cached.
 */
public final class CachedUserDirectory implements VmUserDirectory {

    private final VmUserDirectory delegate;
    private final AnswerCache<VmUserid, Boolean> answers;

    public CachedUserDirectory(VmUserDirectory delegate, Duration ttl, int maxEntries) {
        this(delegate, ttl, maxEntries, System::nanoTime);
    }

    CachedUserDirectory(VmUserDirectory delegate, Duration ttl, int maxEntries, LongSupplier nanoClock) {
        this.delegate = delegate;
        this.answers = new AnswerCache<>(ttl, maxEntries, nanoClock);
    }

    @Override
    public boolean exists(VmUserid userid) {
        return answers.get(userid, delegate::exists);
    }
}
