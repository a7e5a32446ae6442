package io.spoolgate.scan.banned;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class BannedNameRulesTest {
    private final BannedNameRules rules = BannedNameRules.defaults();

    @Test
    void bannedExtensions() {
        assertThat(rules.check("setup.EXE")).contains("banned extension .exe");
        assertThat(rules.check("x.vbs")).isPresent();
        assertThat(rules.check("x.pif")).isPresent();
        assertThat(rules.check("x.scr")).isPresent();
        assertThat(rules.check("x.bat")).isPresent();
        assertThat(rules.check("x.com")).isPresent();
    }

    @Test
    void doubleExtensionsEvenWithTrailingDotsAndSpaces() {
        assertThat(rules.check("invoice.pdf.exe")).contains("double extension .pdf.exe");
        assertThat(rules.check("photo.jpg.js")).contains("double extension .jpg.js");
        assertThat(rules.check("invoice.pdf.exe. . ")).contains("double extension .pdf.exe");
        assertThat(rules.check("C:\\tmp\\report.doc.scr")).isPresent();
    }

    @Test
    void ordinaryNamesPass() {
        assertThat(rules.check("report.pdf")).isEmpty();
        assertThat(rules.check("report.2024.pdf")).isEmpty();
        assertThat(rules.check("version.1.2.zip")).isEmpty();
        assertThat(rules.check("archive.tar.gz")).isEmpty();
        assertThat(rules.check("README")).isEmpty();
        assertThat(rules.check(null)).isEmpty();
    }

    @Test
    void allowRulesOverride() {
        BannedNameRules allowing = new BannedNameRules(BannedNameRules.DEFAULT_EXTENSIONS, true,
            BannedNameRules.DEFAULT_EXECUTABLES, List.of("corp-installer-.*\\.exe"));
        assertThat(allowing.check("corp-installer-2.1.exe")).isEmpty();
        assertThat(allowing.check("other.exe")).isPresent();
    }
}
