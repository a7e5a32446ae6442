package io.spoolgate.benchmarks.codec;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;

/** Realistic mail bytes for the codec benchmarks: RFC 5322 headers, then text lines of mostly 60-78 characters. */
final class SampleMail {

    private SampleMail() {
    }

    /** @return a mail of about {@code size} bytes (cut at a line end, ending with CRLF), seeded and repeatable */
    static byte[] of(int size) {
        Random rnd = new Random(size);
        ByteArrayOutputStream out = new ByteArrayOutputStream(size + 200);
        String headers = "Received: from mail.example.org (mail.example.org [192.0.2.7])\r\n"
                + "\tby spoolgate.example.com with ESMTP id 4711; Tue, 24 Nov 2026 03:00:00 +0000\r\n"
                + "From: Ada Example <ada@example.org>\r\nTo: MAINT at VMNODE1 <maint@vmnode1.example.com>\r\n"
                + "Subject: Quarterly figures\r\nMessage-ID: <20261124030000.4711@example.org>\r\n"
                + "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=ISO-8859-1\r\n\r\n";
        out.writeBytes(headers.getBytes(StandardCharsets.ISO_8859_1));
        String words = "the of and to in is for on that with as by this be are from at or an it not which have "
                + "system reader spool mail node user file record card punch transmit receive data control";
        String[] w = words.split(" ");
        while (out.size() < size - 80) {
            int kind = rnd.nextInt(20);
            if (kind == 0) {
                out.writeBytes(new byte[] {'\r', '\n'});
                continue;
            }
            int target = 60 + rnd.nextInt(19);
            StringBuilder line = new StringBuilder(target);
            while (line.length() < target) {
                if (line.length() > 0) {
                    line.append(' ');
                }
                line.append(w[rnd.nextInt(w.length)]);
            }
            line.setLength(target);
            out.writeBytes(line.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.writeBytes(new byte[] {'\r', '\n'});
        }
        return out.toByteArray();
    }
}
