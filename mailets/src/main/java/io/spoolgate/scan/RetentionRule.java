package io.spoolgate.scan;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/** Quarantine retention: an item last updated more than {@code maxAge} ago is purged. */
public final class RetentionRule {
    private final Duration maxAge;

    /**
     * @param maxAge how long quarantined mail is kept (must be positive)
     */
    public RetentionRule(Duration maxAge) {
        if (maxAge == null || maxAge.isZero() || maxAge.isNegative()) {
            throw new IllegalArgumentException("quarantine retention must be positive, got " + maxAge);
        }
        this.maxAge = maxAge;
    }

    /** @return the retention period */
    public Duration maxAge() {
        return maxAge;
    }

    /**
     * @param lastUpdated when the item was stored (null: unknown, kept)
     * @param now the current time
     * @return true when the item must be purged
     */
    public boolean expired(Instant lastUpdated, Instant now) {
        Objects.requireNonNull(now, "now");
        return lastUpdated != null && lastUpdated.plus(maxAge).isBefore(now);
    }
}
