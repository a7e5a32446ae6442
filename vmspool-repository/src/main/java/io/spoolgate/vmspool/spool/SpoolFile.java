package io.spoolgate.vmspool.spool;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A file in a VM user's reader, as RDRLIST shows it: spool id, class, file name and type, origin, record count,
 * date, plus what Spoolgate knows about the mail it carries (format, James mail key, envelope).
 *
 * @param owner      the userid whose reader holds the file
 * @param spoolId    the spool id (1..9999 in z/VM; the directory backend counts on past 9999 only if every id is taken)
 * @param spoolClass spool class letter, {@code A} by default
 * @param fileName   CMS file name (sender's userid or local part, upper-cased, at most 8 characters)
 * @param fileType   CMS file type, {@code MAIL} or {@code NOTE}
 * @param originUserid userid of the spool service that punched it ({@code SMTP})
 * @param originNode node of the spool service
 * @param format     layout of the data
 * @param records    number of data records (mail lines, or BSMTP lines)
 * @param bytes      size of the spool data in bytes (80-byte cards)
 * @param created    when it was punched
 * @param mailKey    the James mail name it was punched from (idempotency key)
 * @param sender     envelope sender, empty string for the null sender
 * @param recipients envelope recipients this reader file is for
 */
public record SpoolFile(VmUserid owner, int spoolId, char spoolClass, String fileName, String fileType,
                        VmUserid originUserid, String originNode, DeliveryFormat format, long records, long bytes,
                        Instant created, String mailKey, String sender, List<String> recipients) {

    public SpoolFile {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(format, "format");
        recipients = List.copyOf(recipients);
    }

    /** {@code USERID-NNNN}: how webadmin and the repository name a reader file. */
    public String key() {
        return SpoolKey.of(owner, spoolId).asString();
    }
}
