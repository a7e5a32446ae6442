package io.spoolgate.scan.mime;

import static org.assertj.core.api.Assertions.assertThat;

import io.spoolgate.scan.TestMessages;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Properties;
import javax.mail.Session;
import javax.mail.internet.MimeMessage;
import javax.mail.internet.MimeMultipart;
import org.junit.jupiter.api.Test;

class DefangerTest {
    @Test
    void wrapsTheOriginalByteForByteAndKeepsEnvelopeHeaders() throws Exception {
        String raw = TestMessages.withAttachment("Buy now", "filename=\"a.pdf\"", "%PDF-1.4 bytes".getBytes(StandardCharsets.US_ASCII))
            .replace("Subject: Buy now", "Subject: Buy now\r\nX-Spam-Flag: YES");
        Session session = Session.getDefaultInstance(new Properties());
        MimeMessage original = new MimeMessage(session, new ByteArrayInputStream(raw.getBytes(StandardCharsets.US_ASCII)));

        MimeMessage wrapped = new Defanger(List.of("X-Spam-")).defang(original, "Probably spam.");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        wrapped.writeTo(out);
        MimeMessage reread = new MimeMessage(session, new ByteArrayInputStream(out.toByteArray()));

        assertThat(reread.getSubject()).isEqualTo("Buy now");
        assertThat(reread.getMessageID()).isEqualTo(original.getMessageID());
        assertThat(reread.getHeader("From")[0]).isEqualTo("alice@example.org");
        assertThat(reread.getHeader("X-Spam-Flag")[0]).isEqualTo("YES");
        MimeMultipart mixed = (MimeMultipart) reread.getContent();
        assertThat(mixed.getCount()).isEqualTo(2);
        assertThat(mixed.getBodyPart(0).getContent().toString()).contains("Probably spam.");
        assertThat(mixed.getBodyPart(1).isMimeType("message/rfc822")).isTrue();
        try (InputStream attached = ((javax.mail.internet.MimeBodyPart) mixed.getBodyPart(1)).getRawInputStream()) {
            assertThat(new String(attached.readAllBytes(), StandardCharsets.US_ASCII)).isEqualTo(raw);
        }
    }
}
