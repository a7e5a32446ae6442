package io.spoolgate.scan.banned;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ContentSnifferTest {
    /** A minimal Windows PE: DOS header with e_lfanew = 0x80, "PE\0\0" there. */
    static byte[] windowsExe() {
        byte[] b = new byte[256];
        b[0] = 'M';
        b[1] = 'Z';
        b[0x3c] = (byte) 0x80;
        b[0x80] = 'P';
        b[0x81] = 'E';
        return b;
    }

    /** An MS-DOS executable header as linkers write it (0x90 bytes on the last page, 3 pages, 4 header paragraphs). */
    static byte[] dosExe() {
        byte[] b = new byte[128];
        b[0] = 'M';
        b[1] = 'Z';
        b[2] = (byte) 0x90;
        b[4] = 3;
        b[8] = 4;
        return b;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void executables() {
        assertThat(ContentSniffer.sniff(windowsExe())).contains("exe");
        assertThat(ContentSniffer.sniff(dosExe())).contains("exe");
        assertThat(ContentSniffer.sniff(new byte[] {0x7f, 'E', 'L', 'F', 2, 1, 1})).contains("elf");
        assertThat(ContentSniffer.sniff(new byte[] {(byte) 0xCF, (byte) 0xFA, (byte) 0xED, (byte) 0xFE, 7})).contains("macho");
        assertThat(ContentSniffer.sniff(ascii("#!/bin/sh\nrm -rf ~\n"))).contains("script");
        assertThat(ContentSniffer.sniff(new byte[] {0x4C, 0, 0, 0, 0x01, 0x14, 0x02, 0, 0, 0, 0, 0, (byte) 0xC0, 0, 0, 0, 0, 0, 0, 0x46, 9}))
            .contains("lnk");
        assertThat(ContentSniffer.sniff(new byte[] {'P', 'K', 3, 4, 20})).contains("zip");
    }

    @Test
    void textThatStartsLikeAnExecutableIsNotOne() {
        assertThat(ContentSniffer.sniff(ascii("MZ is the code of the Mizoram airport; the rest of this note is plain text, long enough."))).isEmpty();
        assertThat(ContentSniffer.sniff(ascii("MZ"))).isEmpty();
        assertThat(ContentSniffer.sniff(new byte[] {(byte) 0xCA, (byte) 0xFE, (byte) 0xBA, (byte) 0xBE})).as("Java class").isEmpty();
        assertThat(ContentSniffer.sniff(ascii("# comment\n"))).isEmpty();
        assertThat(ContentSniffer.sniff(new byte[0])).isEmpty();
    }

    @Test
    void typeRules() {
        BannedTypeRules rules = BannedTypeRules.defaults();
        assertThat(rules.checkDeclared("Application/X-MSDownload; name=\"a.txt\"")).contains("banned type application/x-msdownload");
        assertThat(rules.checkDeclared("application/pdf")).isEmpty();
        assertThat(new BannedTypeRules(List.of("audio/*"), List.of()).checkDeclared("audio/mpeg")).isPresent();
        assertThat(rules.checkContent(windowsExe())).contains("content is exe");
        assertThat(rules.checkContent(ascii("#!/bin/sh\n"))).as("script is not banned by default").isEmpty();
        assertThat(BannedTypeRules.none().checkContent(windowsExe())).isEmpty();
        assertThatThrownBy(() -> new BannedTypeRules(List.of(), List.of("exe", "pdf"))).hasMessageContaining("banned.sniff")
            .hasMessageContaining("pdf");
        assertThatThrownBy(() -> new BannedTypeRules(List.of("executable"), List.of())).hasMessageContaining("banned.types");
    }
}
