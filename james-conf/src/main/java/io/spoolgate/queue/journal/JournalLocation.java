package io.spoolgate.queue.journal;

/**
 * Where an ENQUEUE record sits: its segment, the offset of the record's first byte and the lengths of its two parts.
 */
public record JournalLocation(long segment, long offset, int envelopeLength, int messageLength) {

    public long envelopeOffset() {
        return offset + JournalRecord.ENQUEUE_HEADER;
    }

    public long messageOffset() {
        return envelopeOffset() + envelopeLength;
    }

    public long length() {
        return JournalRecord.enqueueLength(envelopeLength, messageLength);
    }
}
