package io.spoolgate.exit.host;

/** An exit could not be loaded, initialised or controlled; the message says which exit and why. */
public final class ExitLoadException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what went wrong, naming the exit
     * @param cause   the underlying error, or null
     */
    public ExitLoadException(String message, Throwable cause) {
        super(message, cause);
    }
}
