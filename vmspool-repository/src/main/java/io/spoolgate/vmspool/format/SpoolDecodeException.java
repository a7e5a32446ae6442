package io.spoolgate.vmspool.format;

import java.io.IOException;

/**
 * The one decode error type of all spool decoders (NETDATA, punch cards, BSMTP): the input is not well-formed.
 *
 * <p>{@link #offset()} locates the error: for byte-stream formats (NETDATA, punch cards) it is the byte offset in the
 * input where the broken item starts; for record-level formats (BSMTP) it is the 1-based record number (see
 * {@code BsmtpException}). The message always names the position and what is wrong. Decoders throw this type (or a
 * subclass) for bad input and never a runtime exception.
 */
public class SpoolDecodeException extends IOException {

    private static final long serialVersionUID = 1L;

    private final long offset;

    /**
     * @param message what is wrong (the position is appended by the caller's wording, see subclasses)
     * @param offset  where the problem is (byte offset or record number, see the subclass)
     */
    public SpoolDecodeException(String message, long offset) {
        super(message);
        this.offset = offset;
    }

    /**
     * @param message what is wrong
     * @param offset  where the problem is
     * @param cause   the underlying error
     */
    public SpoolDecodeException(String message, long offset, Throwable cause) {
        super(message, cause);
        this.offset = offset;
    }

    /** @return where the problem is: a byte offset for byte-stream formats, a record number for record formats */
    public long offset() {
        return offset;
    }
}
