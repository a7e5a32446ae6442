package io.spoolgate.ipmapper.pickport;

import java.io.IOException;

/**
 * The proxy refused or could not make a mapping, or could not be reached. It is an {@link IOException} so that
 * JavaMail reports a connection failure and James's RemoteDelivery retries later instead of bouncing.
 */
public final class PickportException extends IOException {
    private static final long serialVersionUID = 1L;

    private final int code;

    /**
     * @param code    the proxy's reply code, or 0 when the proxy could not be reached or answered nonsense
     * @param message what happened
     * @param cause   underlying failure, may be null
     */
    public PickportException(int code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    /** @return the proxy's reply code (421 no free port, 451 target unreachable, 530 not authorised...), or 0 */
    public int code() {
        return code;
    }

    /** @return true for a condition expected to clear by itself (no free port, target or proxy down) */
    public boolean isTemporary() {
        return code == 0 || (code >= 400 && code < 500);
    }
}
