package io.spoolgate.vmspool.bsmtp;

import java.util.List;

/**
 * One mail transaction read from batch SMTP.
 *
 * @param helo         the HELO/EHLO argument in force (null if the file had none)
 * @param mailFrom     the reverse path without angle brackets ("" for the null path {@code <>})
 * @param rcptTo       the forward paths without angle brackets, at least one
 * @param messageBytes number of message octets written to the caller's stream
 * @param firstRecord  1-based record number of the MAIL FROM command
 */
public record BsmtpTransaction(String helo, String mailFrom, List<String> rcptTo, long messageBytes, long firstRecord) {

    /** Freezes the recipient list. */
    public BsmtpTransaction {
        rcptTo = List.copyOf(rcptTo);
    }
}
