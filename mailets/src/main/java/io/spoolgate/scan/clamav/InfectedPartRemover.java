package io.spoolgate.scan.clamav;

import io.spoolgate.scan.ScannerUnavailableException;
import io.spoolgate.scan.mime.MimeLeaves;
import io.spoolgate.scan.mime.PartReplacer;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javax.mail.MessagingException;
import javax.mail.Part;
import javax.mail.internet.MimeMessage;

/**
 * "Remove the infected content if possible": scans every leaf MIME part's decoded content with clamd and replaces
 * each infected part by a notice naming the virus. Removal is impossible when the whole message is one infected part
 * or an infection cannot be attributed to a part (e.g. found only in the headers); the caller then applies the
 * virus destiny instead.
 */
public final class InfectedPartRemover {
    private final ClamdClient clamd;

    /**
     * @param clamd the scanner
     */
    public InfectedPartRemover(ClamdClient clamd) {
        this.clamd = Objects.requireNonNull(clamd, "clamd");
    }

    /**
     * What removal did.
     *
     * @param removed virus names of the parts removed (one entry per part)
     * @param complete true when the rescanned message is now clean
     */
    public record Outcome(List<String> removed, boolean complete) {
    }

    /**
     * @param message the infected message; changed in place when parts are removed
     * @return what was removed; {@code complete} false means the caller must apply the virus destiny
     * @throws ScannerUnavailableException when clamd fails
     * @throws MessagingException when the message cannot be parsed or changed
     * @throws IOException when content cannot be read
     */
    public Outcome remove(MimeMessage message) throws ScannerUnavailableException, MessagingException, IOException {
        if (!message.isMimeType("multipart/*")) {
            return new Outcome(List.of(), false);
        }
        List<String> removed = new ArrayList<>();
        for (Part leaf : MimeLeaves.of(message)) {
            VirusScanResult result;
            try (InputStream in = leaf.getInputStream()) {
                result = clamd.scan(in);
            }
            if (result.infected()) {
                String name = String.join(", ", result.virusNames());
                String fileName = leaf.getFileName();
                PartReplacer.replace(leaf, "Spoolgate removed "
                    + (fileName != null ? "the attachment \"" + fileName + "\"" : "a part of this message")
                    + " because it contains the virus " + name + ".\r\n");
                removed.add(name);
            }
        }
        if (removed.isEmpty()) {
            return new Outcome(removed, false);
        }
        message.saveChanges();
        VirusScanResult rescan = scanWhole(message);
        return new Outcome(List.copyOf(removed), rescan.status() == VirusScanResult.Status.CLEAN);
    }

    private VirusScanResult scanWhole(MimeMessage message) throws ScannerUnavailableException, MessagingException, IOException {
        // the message was just rebuilt in memory by saveChanges(), so buffering it costs no extra bound
        java.io.ByteArrayOutputStream buffer = new java.io.ByteArrayOutputStream();
        message.writeTo(buffer);
        return clamd.scan(new java.io.ByteArrayInputStream(buffer.toByteArray()));
    }
}
