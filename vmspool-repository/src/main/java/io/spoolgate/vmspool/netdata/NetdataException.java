package io.spoolgate.vmspool.netdata;

import io.spoolgate.vmspool.format.SpoolDecodeException;

/**
 * Malformed NETDATA input. {@link #offset()} is the byte offset in the input where the broken segment or record
 * starts; the message names that offset and what is wrong. The only exception {@link NetdataReader} throws for bad
 * input.
 */
public final class NetdataException extends SpoolDecodeException {

    private static final long serialVersionUID = 1L;

    /**
     * @param what   what is wrong
     * @param offset byte offset in the input
     */
    public NetdataException(String what, long offset) {
        super("NETDATA error at byte offset " + offset + ": " + what, offset);
    }
}
