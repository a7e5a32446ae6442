package io.spoolgate.vmspool.format;

import java.io.IOException;

/**
 * A {@link RecordSource} with one record put back in front of another source: for readers that look at the first
 * record to tell the format and then hand the whole sequence on. Keeps the underlying source's
 * {@link #keepsLength()}.
 */
public final class PushbackRecordSource implements RecordSource {
    private final RecordSource rest;
    private byte[] first;

    /**
     * @param first the record to give out first (already read from {@code rest})
     * @param rest  the source the following records come from
     */
    public PushbackRecordSource(byte[] first, RecordSource rest) {
        this.first = first;
        this.rest = rest;
    }

    @Override
    public byte[] nextRecord() throws IOException {
        if (first != null) {
            byte[] record = first;
            first = null;
            return record;
        }
        return rest.nextRecord();
    }

    @Override
    public boolean keepsLength() {
        return rest.keepsLength();
    }
}
