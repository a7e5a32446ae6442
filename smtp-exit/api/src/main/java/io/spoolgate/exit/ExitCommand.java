package io.spoolgate.exit;

/**
 * The points at which the server calls an exit: one per SMTP command the server implements, plus connection
 * open, end of data and {@code PUNCH} (just before a mail is delivered into a VM reader, as z/VM's commands
 * exit).
 */
public enum ExitCommand {
    /** A client connected (or a spool file starts being replayed); no command line yet. */
    CONNECT,
    /** {@code HELO name}. */
    HELO,
    /** {@code EHLO name}. */
    EHLO,
    /** {@code MAIL FROM:<sender> [parameters]}: a message starts. */
    MAIL,
    /** {@code RCPT TO:<recipient> [parameters]}. */
    RCPT,
    /** {@code DATA}: the client is about to send the message. */
    DATA,
    /** The end of the message data: the exit may read the message. */
    END_OF_DATA,
    /** {@code RSET}: the current message is abandoned. */
    RSET,
    /** {@code VRFY}. */
    VRFY,
    /** {@code EXPN}. */
    EXPN,
    /** {@code NOOP}. */
    NOOP,
    /** {@code QUIT}. */
    QUIT,
    /** Any command the server does not know (or one not listed above, such as {@code AUTH} or {@code STARTTLS}). */
    UNKNOWN,
    /** A mail is about to be punched into a VM user's virtual reader. */
    PUNCH;

    /** @return true for the commands that begin or abandon a message (they end an exit's earlier accept) */
    public boolean startsOrAbandonsMessage() {
        return this == HELO || this == EHLO || this == MAIL || this == RSET;
    }

    /** @return true for the commands that belong to a message transaction after {@code MAIL} */
    public boolean insideMessage() {
        return this == RCPT || this == DATA || this == END_OF_DATA;
    }
}
