package io.spoolgate.exit;

import java.io.IOException;
import java.io.InputStream;

/** Read-only access to the message at end of data (or before {@code PUNCH}). The exit cannot change it. */
public interface MessageView {

    /** @return the size of the message in bytes, or -1 when unknown */
    long size();

    /**
     * Opens the message (headers and body, RFC 5322, CRLF line ends) from its start. Each call returns a new
     * stream; the caller closes it.
     *
     * @return a stream over the message
     * @throws IOException if the message cannot be read
     */
    InputStream open() throws IOException;
}
