package io.spoolgate.queue;

import java.util.concurrent.Delayed;
import java.util.concurrent.TimeUnit;

import io.spoolgate.queue.journal.JournalLocation;

/**
 * A mail waiting in (or being processed from) a {@link JournalMailQueue}: where its record is and what browsing and
 * removal need to know. Ordered by the time it may be delivered, then by arrival.
 */
final class QueuedMail implements Delayed {

    final long id;
    final EnvelopeCodec.Summary summary;
    /** Guarded by this. */
    JournalLocation location;
    volatile long notBefore;
    /** Guarded by this. */
    boolean inFlight;
    /** Guarded by this. */
    boolean done;

    QueuedMail(long id, EnvelopeCodec.Summary summary, JournalLocation location, long notBefore) {
        this.id = id;
        this.summary = summary;
        this.location = location;
        this.notBefore = notBefore;
    }

    synchronized JournalLocation location() {
        return location;
    }

    @Override
    public long getDelay(TimeUnit unit) {
        return unit.convert(notBefore - System.currentTimeMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public int compareTo(Delayed other) {
        QueuedMail that = (QueuedMail) other;
        int byTime = Long.compare(notBefore, that.notBefore);
        return byTime != 0 ? byTime : Long.compare(id, that.id);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof QueuedMail that && that.id == id;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(id);
    }
}
