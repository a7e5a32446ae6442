package io.spoolgate.scan.banned;

import static org.assertj.core.api.Assertions.assertThat;

import io.spoolgate.scan.TestMessages;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Properties;
import javax.mail.Session;
import javax.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;

class BannedPartFinderTest {
    private final BannedPartFinder finder = new BannedPartFinder(BannedNameRules.defaults(), ZipEntryNames.defaults());

    private static MimeMessage parse(String raw) throws Exception {
        return new MimeMessage(Session.getDefaultInstance(new Properties()),
            new ByteArrayInputStream(raw.getBytes(StandardCharsets.ISO_8859_1)));
    }

    private List<String> names(String raw) throws Exception {
        return finder.find(parse(raw)).stream().flatMap(p -> p.findings().stream()).map(BannedFinding::fileName).toList();
    }

    @Test
    void plainFilename() throws Exception {
        assertThat(names(TestMessages.withAttachment("s", "filename=\"invoice.pdf.exe\"", new byte[] {1, 2}))).containsExactly("invoice.pdf.exe");
    }

    @Test
    void rfc2231ContinuationsAndCharset() throws Exception {
        String param = "filename*0*=UTF-8''r%C3%A9sum%C3%A9; filename*1*=.pdf.exe";
        assertThat(names(TestMessages.withAttachment("s", param, new byte[] {1}))).containsExactly("résumé.pdf.exe");
    }

    @Test
    void encodedWordFilename() throws Exception {
        String param = "filename=\"=?UTF-8?B?cmVwb3J0LnBkZi5leGU=?=\"";
        assertThat(names(TestMessages.withAttachment("s", param, new byte[] {1}))).containsExactly("report.pdf.exe");
    }

    @Test
    void insideZipAndNestedZip() throws Exception {
        byte[] inner = TestMessages.zip("deep/payload.scr", "x");
        byte[] outer = TestMessages.zip("readme.txt", "hello", "inner.zip", new String(inner, StandardCharsets.ISO_8859_1));
        assertThat(names(TestMessages.withAttachment("s", "filename=\"files.zip\"", outer)))
            .containsExactly("files.zip/inner.zip/deep/payload.scr");
    }

    @Test
    void cleanMailHasNoFindings() throws Exception {
        assertThat(names(TestMessages.withAttachment("s", "filename=\"report.pdf\"", new byte[] {1}))).isEmpty();
        assertThat(names(TestMessages.plain("s", "hello"))).isEmpty();
    }

    @Test
    void corruptZipDoesNotFailTheScan() throws Exception {
        assertThat(names(TestMessages.withAttachment("s", "filename=\"broken.zip\"", "PK\u0003\u0004garbage".getBytes(StandardCharsets.ISO_8859_1))))
            .isEmpty();
    }
}
