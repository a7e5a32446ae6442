package io.spoolgate.addressing.mapping;

import java.time.Duration;
import java.util.Optional;
import java.util.function.LongSupplier;

import io.spoolgate.vmspool.directory.AnswerCache;

/**
 * Remembers another strategy's answers (hits and misses) for {@code ttl}, at most {@code maxEntries}, least recently
 * used out first. Failures are not remembered. Keeps LDAP off the SMTP threads for known recipients.
 */
public final class CachingStrategy implements MappingStrategy {

    private final MappingStrategy delegate;
    private final AnswerCache<RecipientAddress, Optional<MappedUserid>> answers;

    public CachingStrategy(MappingStrategy delegate, Duration ttl, int maxEntries) {
        this(delegate, ttl, maxEntries, System::nanoTime);
    }

    CachingStrategy(MappingStrategy delegate, Duration ttl, int maxEntries, LongSupplier nanoClock) {
        this.delegate = delegate;
        this.answers = new AnswerCache<>(ttl, maxEntries, nanoClock);
    }

    @Override
    public String name() {
        return delegate.name();
    }

    @Override
    public Optional<MappedUserid> map(RecipientAddress recipient) {
        return answers.get(recipient, delegate::map);
    }
}
