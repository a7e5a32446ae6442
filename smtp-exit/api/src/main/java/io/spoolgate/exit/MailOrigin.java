package io.spoolgate.exit;

/** Where the mail an exit is looking at came from. */
public enum MailOrigin {
    /** An SMTP client over a TCP connection. */
    TCP,
    /** A (batch SMTP) file taken from a VM user's spool, replayed as an SMTP dialogue. */
    SPOOL
}
