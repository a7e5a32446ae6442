package io.spoolgate.vmspool.bsmtp;

import io.spoolgate.vmspool.format.SpoolDecodeException;

/**
 * Malformed batch SMTP. {@link #offset()} and {@link #recordNumber()} are the 1-based number of the record (line)
 * where the problem was found; the message names it and what is wrong.
 */
public final class BsmtpException extends SpoolDecodeException {

    private static final long serialVersionUID = 1L;

    /**
     * @param what         what is wrong
     * @param recordNumber 1-based record number
     */
    public BsmtpException(String what, long recordNumber) {
        super("BSMTP error at record " + recordNumber + ": " + what, recordNumber);
    }

    /** @return the 1-based record number of the problem */
    public long recordNumber() {
        return offset();
    }
}
