package io.spoolgate.vmspool.format;

import java.io.IOException;

/**
 * Supplies logical records (EBCDIC) one at a time; implemented by {@code NetdataReader} (records of the current
 * file) and {@code PunchCardReader}.
 */
@FunctionalInterface
public interface RecordSource {

    /**
     * @return the next record (a fresh array the caller may keep), or {@code null} at the end
     * @throws SpoolDecodeException if the input is malformed
     * @throws IOException          if reading fails
     */
    byte[] nextRecord() throws IOException;

    /**
     * @return true (the default) when records come with their exact length (NETDATA); false when trailing blanks were
     *     padding and are gone (punch cards), so that a zero-length record is really an all-blank one
     */
    default boolean keepsLength() {
        return true;
    }
}
