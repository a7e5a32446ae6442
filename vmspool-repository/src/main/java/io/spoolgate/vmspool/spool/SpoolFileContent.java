package io.spoolgate.vmspool.spool;

import java.io.IOException;
import java.io.OutputStream;

/** Writes the data of a reader file (already laid out as 80-byte cards) and tells how many records it holds. */
@FunctionalInterface
public interface SpoolFileContent {

    /** @return the number of data records written */
    long writeTo(OutputStream out) throws IOException;
}
