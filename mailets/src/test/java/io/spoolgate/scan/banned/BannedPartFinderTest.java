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

    private final BannedPartFinder typed = new BannedPartFinder(
        new BannedNameRules(BannedNameRules.DEFAULT_EXTENSIONS, true, BannedNameRules.DEFAULT_EXECUTABLES, List.of("corp-tool\\.txt")),
        BannedTypeRules.defaults(), ZipEntryNames.defaults());

    private List<String> typedFindings(String raw) throws Exception {
        return typed.find(parse(raw)).stream().flatMap(p -> p.findings().stream()).map(BannedFinding::toString).toList();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Test
    void aWindowsExecutableRenamedToTxtIsBannedByItsContent() throws Exception {
        assertThat(typedFindings(TestMessages.withAttachment("s", "filename=\"notes.txt\"", ContentSnifferTest.windowsExe())))
            .containsExactly("notes.txt (content is exe)");
        assertThat(names(TestMessages.withAttachment("s", "filename=\"notes.txt\"", ContentSnifferTest.windowsExe())))
            .as("name rules alone do not see it").isEmpty();
    }

    @Test
    void anExecutableInsideAZipUnderAHarmlessNameIsBanned() throws Exception {
        String exe = new String(ContentSnifferTest.dosExe(), StandardCharsets.ISO_8859_1);
        byte[] zip = TestMessages.zip("readme.txt", "hello", "photo.jpg", exe);
        assertThat(typedFindings(TestMessages.withAttachment("s", "filename=\"holiday.zip\"", zip)))
            .containsExactly("holiday.zip/photo.jpg (content is exe)");
        byte[] nested = TestMessages.zip("inner.bin", new String(zip, StandardCharsets.ISO_8859_1));
        assertThat(typedFindings(TestMessages.withAttachment("s", "filename=\"data.bin\"", nested)))
            .as("zips found by content, nested too").containsExactly("data.bin/inner.bin/photo.jpg (content is exe)");
    }

    @Test
    void declaredExecutableTypeIsBanned() throws Exception {
        String raw = TestMessages.withAttachment("s", "filename=\"setup.txt\"", "plain words".getBytes(StandardCharsets.US_ASCII))
            .replace("Content-Type: application/octet-stream", "Content-Type: application/x-msdownload");
        assertThat(typedFindings(raw)).containsExactly("setup.txt (banned type application/x-msdownload)");
    }

    @Test
    void allowedNamesAndPlainTextAreNotBannedByType() throws Exception {
        assertThat(typedFindings(TestMessages.withAttachment("s", "filename=\"corp-tool.txt\"", ContentSnifferTest.windowsExe()))).isEmpty();
        assertThat(typedFindings(TestMessages.plain("MZ", "MZ is where we meet; plain text that happens to start with those letters."))).isEmpty();
        assertThat(typedFindings(TestMessages.withAttachment("s", "filename=\"doc.pdf\"",
            concat("%PDF-1.4\n".getBytes(StandardCharsets.US_ASCII), ContentSnifferTest.windowsExe())))).isEmpty();
    }
}
