package io.spoolgate.exit;

/**
 * Shows a mail taken from the VM spool to the active exits, replaying its envelope as {@code CONNECT},
 * {@code HELO}, {@code MAIL}, {@code RCPT}..., {@code DATA} and end of data, with {@link MailOrigin#SPOOL} and the
 * originating VM user and node in the connection facts. Implemented by the exit host; called by the spool intake.
 *
 * <p>The caller acts on the verdict: a {@link Verdict.Kind#REJECT_MESSAGE} returns the mail to its VM sender as a
 * reply note carrying the code and text; a {@link Verdict.Kind#REJECT_SESSION} also drops the rest of the batch
 * SMTP file. Continue and accept let the mail go on.
 */
public interface SpoolMailGate {

    /** A gate that lets everything through, for installations without the exit host. */
    SpoolMailGate NONE = (envelope, message) -> Verdict.CONTINUE;

    /**
     * @param envelope the spool mail's envelope and origin
     * @param message  the message
     * @return the verdict of the chain (never null; {@link Verdict#CONTINUE} when no exit is active)
     */
    Verdict replay(SpoolEnvelope envelope, MessageView message);
}
