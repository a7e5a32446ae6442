package io.spoolgate.exit.host;

/** A control action named an exit that is not defined. */
public final class UnknownExitException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** @param name the unknown exit name */
    public UnknownExitException(String name) {
        super("no SMTP exit named '" + name + "'");
    }
}
