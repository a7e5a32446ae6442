package io.spoolgate.vmspool.format;

/** The content formats a z/VM reader spool file may carry. */
public enum SpoolFormat {
    /** A NETDATA transmission (CMS NOTE / SENDFILE, TSO TRANSMIT): starts with an INMR01 control segment. */
    NETDATA,
    /** Batch SMTP as EBCDIC text lines (HELO / MAIL FROM / RCPT TO / DATA / . / QUIT), e.g. 80-column punch cards. */
    BSMTP,
    /** Anything else: plain EBCDIC text records. */
    PLAIN
}
