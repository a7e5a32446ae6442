package io.spoolgate.matchers.scan.it;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Test corpus for the pipeline tests (the domain tests in spoolgate-mailets have their own): EICAR, GTUBE and ordinary mails, built in code (CRLF line ends). */
final class Corpus {
    /** The EICAR anti-virus test string (68 bytes). */
    public static final String EICAR = "X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*";
    /** SpamAssassin's GTUBE string. */
    public static final String GTUBE = "XJS*C4JDBQADN1.NSBN3*2IDNEN*GTUBE-STANDARD-ANTI-UBE-TEST-EMAIL*C.34X";

    private Corpus() {
    }

    /**
     * @param subject subject
     * @param body text body
     * @return a simple text mail
     */
    public static String plain(String subject, String body) {
        return "From: alice@example.org\r\nTo: bob@example.com\r\nSubject: " + subject
            + "\r\nDate: Tue, 24 Nov 2026 02:00:00 +0000\r\nMessage-ID: <" + Math.abs(subject.hashCode()) + "@example.org>\r\n"
            + "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\n" + body + "\r\n";
    }

    /**
     * @param subject subject
     * @param fileNameParam the file name parameter(s) as they appear in the header, e.g. {@code filename="a.exe"}
     * @param content attachment bytes
     * @return a multipart mail with a text part and a base64 attachment
     */
    public static String withAttachment(String subject, String fileNameParam, byte[] content) {
        String b64 = Base64.getMimeEncoder(76, "\r\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(content);
        return "From: alice@example.org\r\nTo: bob@example.com\r\nSubject: " + subject
            + "\r\nMessage-ID: <att-" + Math.abs(subject.hashCode()) + "@example.org>\r\n"
            + "MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"BOUNDARY\"\r\n\r\n"
            + "--BOUNDARY\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\nSee the attachment.\r\n"
            + "--BOUNDARY\r\nContent-Type: application/octet-stream\r\nContent-Transfer-Encoding: base64\r\n"
            + "Content-Disposition: attachment; " + fileNameParam + "\r\n\r\n" + b64 + "\r\n--BOUNDARY--\r\n";
    }

    /**
     * @param entries alternating names and contents
     * @return a zip archive
     */
    public static byte[] zip(String... entries) {
        try {
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            try (java.util.zip.ZipOutputStream zip = new java.util.zip.ZipOutputStream(out)) {
                for (int i = 0; i < entries.length; i += 2) {
                    zip.putNextEntry(new java.util.zip.ZipEntry(entries[i]));
                    zip.write(entries[i + 1].getBytes(StandardCharsets.ISO_8859_1));
                    zip.closeEntry();
                }
            }
            return out.toByteArray();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * @param size approximate size in bytes
     * @return a plain ham mail of about that size with varied prose
     */
    public static String ofSize(String subject, int size) {
        StringBuilder body = new StringBuilder();
        String[] words = {"meeting", "report", "quarter", "schedule", "the", "review", "please", "attached", "budget",
            "team", "project", "thanks", "regards", "tomorrow", "office", "update"};
        int i = 0;
        while (body.length() < size) {
            body.append(words[(i * 7 + i / 3) % words.length]).append(i % 12 == 11 ? ".\r\n" : " ");
            i++;
        }
        return plain(subject, body.toString());
    }
}
