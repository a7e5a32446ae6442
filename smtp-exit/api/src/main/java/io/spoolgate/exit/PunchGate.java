package io.spoolgate.exit;

/**
 * The {@code PUNCH} call: made by the VM spool repository just before it delivers a mail into a VM user's virtual
 * reader. Implemented by the exit host. A reject verdict means "do not punch": the caller bounces the mail with the
 * verdict's code and text (temporary codes may be retried).
 */
public interface PunchGate {

    /** A gate that lets everything through, for installations without the exit host. */
    PunchGate NONE = (envelope, message) -> Verdict.CONTINUE;

    /**
     * @param envelope the mail's envelope; {@code vmUser}/{@code vmNode} name the target reader
     * @param message  the message about to be punched
     * @return the verdict of the chain (never null; {@link Verdict#CONTINUE} when no exit is active)
     */
    Verdict beforePunch(SpoolEnvelope envelope, MessageView message);
}
