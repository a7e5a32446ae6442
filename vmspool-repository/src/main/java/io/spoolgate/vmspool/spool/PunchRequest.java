package io.spoolgate.vmspool.spool;

import java.util.List;
import java.util.Objects;

/**
 * What to punch into a reader, apart from the data itself: the spool file attributes VM shows and the envelope facts
 * Spoolgate keeps beside the file.
 */
public record PunchRequest(VmUserid owner, char spoolClass, String fileName, String fileType,
                           VmUserid originUserid, String originNode, DeliveryFormat format,
                           String mailKey, String sender, List<String> recipients) {

    public PunchRequest {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(mailKey, "mailKey");
        if (!Character.isLetterOrDigit(spoolClass)) {
            throw new IllegalArgumentException("spool class must be a letter or digit, not '" + spoolClass + "'");
        }
        fileName = SpoolNames.cmsName(fileName);
        fileType = SpoolNames.cmsName(fileType);
        sender = sender == null ? "" : sender;
        recipients = List.copyOf(recipients);
    }
}
