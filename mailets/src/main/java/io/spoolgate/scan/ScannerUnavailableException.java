package io.spoolgate.scan;

import java.io.IOException;

/**
 * A scanner daemon could not give a verdict: it refused the connection, timed out, closed the stream early or
 * answered something that is not a verdict. The mail is neither clean nor infected and must be retried or handled by
 * the site's "unchecked" policy; it must never be passed as clean.
 */
public class ScannerUnavailableException extends IOException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what failed and where (host/port or socket path)
     */
    public ScannerUnavailableException(String message) {
        super(message);
    }

    /**
     * @param message what failed and where (host/port or socket path)
     * @param cause the underlying I/O error
     */
    public ScannerUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
