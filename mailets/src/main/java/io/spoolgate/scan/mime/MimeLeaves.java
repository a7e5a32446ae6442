package io.spoolgate.scan.mime;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import javax.mail.MessagingException;
import javax.mail.Multipart;
import javax.mail.Part;

/**
 * Walks a MIME tree depth-first and returns its leaf parts (attached messages are leaves: scanners look inside them
 * themselves), bounded in depth and count.
 */
public final class MimeLeaves {
    private static final int MAX_DEPTH = 20;
    private static final int MAX_PARTS = 1000;

    private MimeLeaves() {
    }

    /**
     * @param root a message or part
     * @return its leaves, the root itself when it is not multipart
     * @throws MessagingException when the structure cannot be parsed
     * @throws IOException when the content cannot be read
     */
    public static List<Part> of(Part root) throws MessagingException, IOException {
        List<Part> leaves = new ArrayList<>();
        collect(root, 0, leaves);
        return leaves;
    }

    private static void collect(Part part, int depth, List<Part> leaves) throws MessagingException, IOException {
        if (leaves.size() >= MAX_PARTS) {
            throw new MessagingException("more than " + MAX_PARTS + " MIME parts");
        }
        if (part.isMimeType("multipart/*") && depth < MAX_DEPTH) {
            Object content = part.getContent();
            if (content instanceof Multipart multipart) {
                for (int i = 0; i < multipart.getCount(); i++) {
                    collect(multipart.getBodyPart(i), depth + 1, leaves);
                }
                return;
            }
        }
        leaves.add(part);
    }
}
