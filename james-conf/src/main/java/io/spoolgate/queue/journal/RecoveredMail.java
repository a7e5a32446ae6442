package io.spoolgate.queue.journal;

/** A mail found in the journal at start-up: enqueued and not yet done. */
public record RecoveredMail(long id, long notBefore, JournalLocation location) {
}
