package io.spoolgate.vmspool.intake;

import java.nio.charset.StandardCharsets;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * The note a VM user finds in the reader when the SMTP service could not send what they punched: which spool file,
 * what went wrong, in plain text (RFC 822, so CMS NOTE and RDRLIST show it as mail).
 */
public final class SenderNotice {

    private SenderNotice() {
    }

    /**
     * @param service  the service machine, e.g. {@code SMTP}
     * @param domain   the mail domain of the site
     * @param to       the userid the notice is for
     * @param spoolId  the spool id the file had in the service machine's reader
     * @param subject  one line
     * @param details  the lines of the explanation
     */
    public static byte[] build(String service, String domain, String to, int spoolId, String subject,
                               List<String> details, ZonedDateTime when) {
        StringBuilder b = new StringBuilder();
        b.append("Date: ").append(DateTimeFormatter.RFC_1123_DATE_TIME.format(when)).append("\r\n");
        b.append("From: ").append(service).append(" service <").append(service.toLowerCase()).append('@')
            .append(domain).append(">\r\n");
        b.append("To: ").append(to.toLowerCase()).append('@').append(domain).append("\r\n");
        b.append("Subject: ").append(subject).append("\r\n");
        b.append("Auto-Submitted: auto-replied\r\n");
        b.append("\r\n");
        b.append("Your spool file ").append(String.format("%04d", spoolId)).append(" punched to ").append(service)
            .append(" was not sent as it stands:\r\n\r\n");
        for (String line : details) {
            b.append("  ").append(line).append("\r\n");
        }
        return b.toString().getBytes(StandardCharsets.ISO_8859_1);
    }
}
