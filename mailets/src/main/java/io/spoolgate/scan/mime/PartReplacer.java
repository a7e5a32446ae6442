package io.spoolgate.scan.mime;

import javax.mail.MessagingException;
import javax.mail.Part;

/**
 * Replaces a part's content, in place, by a short plain-text notice (what was removed and why). The part loses its
 * file name and disposition so mail clients show the notice inline.
 */
public final class PartReplacer {
    private PartReplacer() {
    }

    /**
     * @param part the part to neutralise
     * @param notice the text that replaces it
     * @throws MessagingException when the part cannot be changed
     */
    public static void replace(Part part, String notice) throws MessagingException {
        part.setContent(notice, "text/plain; charset=UTF-8");
        part.setHeader("Content-Type", "text/plain; charset=UTF-8");
        part.removeHeader("Content-Disposition");
        part.removeHeader("Content-ID");
        part.setHeader("Content-Transfer-Encoding", "8bit");
        part.setDisposition(Part.INLINE);
    }
}
