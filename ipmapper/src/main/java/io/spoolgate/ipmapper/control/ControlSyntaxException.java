package io.spoolgate.ipmapper.control;

/** A control line that is not a valid command; the message says what is wrong and is sent back as {@code ERR 501}. */
public final class ControlSyntaxException extends Exception {
    private static final long serialVersionUID = 1L;

    private final int code;

    /**
     * @param code    reply code: 501 for bad arguments, 502 for an unknown verb
     * @param message what is wrong with the line
     */
    public ControlSyntaxException(int code, String message) {
        super(message);
        this.code = code;
    }

    /** @return the reply code to send */
    public int code() {
        return code;
    }
}
