package io.spoolgate.vmspool.format;

import java.io.IOException;

/**
 * Receives logical records (already EBCDIC), one call per record. Implemented by the NETDATA writer
 * ({@code NetdataWriter::writeRecord}), the punch card writer and test collectors.
 */
@FunctionalInterface
public interface RecordSink {

    /**
     * Takes one logical record. The sink must not keep a reference to {@code ebcdic}: the caller reuses the array.
     *
     * @param ebcdic the array holding the record
     * @param off    where the record starts
     * @param len    its length, 0 allowed
     * @throws IOException if the record cannot be written
     */
    void record(byte[] ebcdic, int off, int len) throws IOException;

    /**
     * @return true (the default) when a record keeps its exact length, so that a zero-length record and a record of
     *     one blank stay different; false for sinks that pad records (punch cards), where they cannot be told apart
     */
    default boolean keepsLength() {
        return true;
    }
}
