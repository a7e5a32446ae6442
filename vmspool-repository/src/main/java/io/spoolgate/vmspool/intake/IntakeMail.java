package io.spoolgate.vmspool.intake;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * One mail decoded from a spool file: the message bytes (in a temporary file the caller owns) and, for BSMTP, the
 * envelope the batch gave. A note (plain EBCDIC or NETDATA text) has no envelope: it is derived from the headers.
 *
 * @param transaction 0-based index of the mail within its spool file
 * @param envelope    the BSMTP envelope, empty for a note
 * @param message     the message octets (lines ended by CRLF)
 * @param origin      who punched the file; for NETDATA, INMFUID/INMFNODE
 */
public record IntakeMail(int transaction, Optional<Envelope> envelope, Path message, SpoolOrigin origin) {

    /** A BSMTP envelope: reverse path ("" for {@code <>}), forward paths and the HELO name in force. */
    public record Envelope(String mailFrom, List<String> rcptTo, String helo) {
        public Envelope {
            rcptTo = List.copyOf(rcptTo);
        }
    }
}
