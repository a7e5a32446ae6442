package io.spoolgate.exit;

import java.util.List;
import java.util.Objects;

/**
 * The envelope of a mail that came from (or goes into) the VM spool.
 *
 * @param spoolId    the spool file id (or another id naming the file), for logs
 * @param vmUser     the VM userid: the originator for intake, the target reader's owner for {@code PUNCH}
 * @param vmNode     the VM node of that user
 * @param heloName   the name replayed as {@code HELO} (usually the node); may be empty
 * @param sender     the envelope sender; the empty string stands for {@code <>}
 * @param recipients the envelope recipients, in order
 */
public record SpoolEnvelope(String spoolId, String vmUser, String vmNode, String heloName, String sender,
                            List<String> recipients) {

    /** Copies the recipients and checks for nulls. */
    public SpoolEnvelope {
        Objects.requireNonNull(spoolId, "spoolId");
        Objects.requireNonNull(vmUser, "vmUser");
        Objects.requireNonNull(vmNode, "vmNode");
        Objects.requireNonNull(heloName, "heloName");
        Objects.requireNonNull(sender, "sender");
        recipients = List.copyOf(recipients);
    }
}
