package io.spoolgate.it.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.spoolgate.it.support.ForkedJames;
import io.spoolgate.it.support.JwtKeys;

/**
 * {@code bin/doctor} of the release artifact against broken installations: each fault is one FAIL line naming the
 * file or class and what to do, and the exit code is not 0. (A good installation passes in
 * {@link ReleaseArtifactTest}.)
 */
class DoctorTest {

    private static final Duration TIMEOUT = Duration.ofMinutes(3);

    @Test
    void aStockJamesWithoutSpoolgateFailsWithTheLinesToAdd(@TempDir Path tmp) throws Exception {
        Path art = ReleaseArtifact.unpack(tmp.resolve("artifact"));
        StockJames james = StockJames.create(tmp.resolve("james"), ForkedJames.freePort(), JwtKeys.generate().publicKeyPem());

        Script doctor = Script.run(art.resolve("bin/doctor"), TIMEOUT, "--james", james.dir().toString());

        assertThat(doctor.exitCode()).as(doctor.toString()).isEqualTo(1);
        assertThat(doctor.lines("PASS")).as(doctor.toString()).anyMatch(l -> l.contains("Apache James 3.8.1"))
            .anyMatch(l -> l.contains("parse"));
        assertThat(doctor.lines("FAIL")).as(doctor.toString())
            .anyMatch(l -> l.contains("extensions.properties lacks")
                && l.contains("guice.extension.module=io.spoolgate.vmspool.james.SpoolgateModule") && l.contains("->"))
            .anyMatch(l -> l.contains("mailrepositorystore.xml declares no vmspool")
                && l.contains("mailrepositorystore-vmspool.xml"))
            .anyMatch(l -> l.contains("mailetcontainer.xml never stores mail in vmspool://"));
        assertThat(doctor.output()).contains("failure(s)");
    }

    @Test
    void brokenFilesAndAMissingJarAreNamed(@TempDir Path tmp) throws Exception {
        Path art = ReleaseArtifact.unpack(tmp.resolve("artifact"));
        StockJames james = StockJames.create(tmp.resolve("james"), ForkedJames.freePort(), JwtKeys.generate().publicKeyPem());
        Script install = Script.run(art.resolve("bin/install"), TIMEOUT, "--james", james.dir().toString());
        assertThat(install.exitCode()).as(install.toString()).isZero();

        james.edit("domainlist.xml", "</domainlist>", "<domainnames>\n</domainlist>");
        Files.writeString(james.conf("spoolintake.properties"), "domain=vm.example\nnode=\\uZZZZ\n");
        james.edit("mailrepositorystore.xml", "<protocol>file</protocol>", "<protocol>disk</protocol>");
        try (Stream<Path> jars = Files.list(james.dir().resolve("extensions-jars"))) {
            for (Path jar : jars.filter(p -> p.getFileName().toString().startsWith("spoolgate-vmspool-repository-")).toList()) {
                Files.delete(jar);
            }
        }

        Script doctor = Script.run(art.resolve("bin/doctor"), TIMEOUT, "--james", james.dir().toString());

        assertThat(doctor.exitCode()).as(doctor.toString()).isEqualTo(1);
        assertThat(doctor.lines("FAIL")).as(doctor.toString())
            .anyMatch(l -> l.contains("conf/domainlist.xml line ") && l.contains("fix the XML"))
            .anyMatch(l -> l.contains("conf/spoolintake.properties") && l.contains("\\uxxxx"))
            .anyMatch(l -> l.contains("file://mail/spool-error/") && l.contains("no 'file' protocol"))
            .anyMatch(l -> l.contains("io.spoolgate.vmspool.james.SpoolgateModule")
                && l.contains("conf/extensions.properties") && l.contains("class not found")
                && l.contains("extensions-jars"));
        assertThat(doctor.lines("PASS")).as("what is still right is said so: " + doctor)
            .anyMatch(l -> l.contains("names the Spoolgate module"));
    }

    @Test
    void scannersAreRequiredWhenMailIsScannedAndOldSignaturesAreWarnedAbout(@TempDir Path tmp) throws Exception {
        Path art = ReleaseArtifact.unpack(tmp.resolve("artifact"));
        StockJames james = StockJames.create(tmp.resolve("james"), ForkedJames.freePort(), JwtKeys.generate().publicKeyPem());
        Script install = Script.run(art.resolve("bin/install"), TIMEOUT, "--james", james.dir().toString());
        assertThat(install.exitCode()).as(install.toString()).isZero();
        // the local-delivery processor scans: clamd and spamd become mandatory
        james.edit("mailetcontainer.xml", "<processor state=\"local-delivery\" enableJmx=\"false\">",
            "<processor state=\"local-delivery\" enableJmx=\"false\">\n"
                + "            <mailet match=\"All\" class=\"io.spoolgate.mailets.scan.ScanMail\"/>");
        String threeDaysAgo = DateTimeFormatter.ofPattern("EEE MMM d HH:mm:ss yyyy", Locale.ENGLISH)
            .format(LocalDateTime.now().minusDays(3));
        try (FakeClamd clamd = new FakeClamd("ClamAV 1.0.0/27000/" + threeDaysAgo)) {
            Files.writeString(james.conf("scanning.properties"), "clamd.host=127.0.0.1\nclamd.port=" + clamd.port()
                + "\nspamd.host=127.0.0.1\nspamd.port=" + ForkedJames.freePort() + "\n");

            Script doctor = Script.run(art.resolve("bin/doctor"), TIMEOUT, "--james", james.dir().toString());

            assertThat(doctor.exitCode()).as(doctor.toString()).isEqualTo(1);
            assertThat(doctor.lines("PASS")).as(doctor.toString())
                .anyMatch(l -> l.contains("clamd") && l.contains("answers PING") && l.contains("ClamAV 1.0.0/27000"));
            assertThat(doctor.lines("FAIL")).as(doctor.toString())
                .anyMatch(l -> l.contains("spamd") && l.contains("no answer to PING") && l.contains("scans mail"));
            assertThat(doctor.lines("WARN")).as(doctor.toString())
                .anyMatch(l -> l.contains("signatures") && l.matches(".*virus signatures are 7[0-9] hours old.*")
                    && l.contains("freshclam"));
        }
    }

    @Test
    void theVmurBackendOffLinuxOnZFails(@TempDir Path tmp) throws Exception {
        assumeFalse("s390x".equals(System.getProperty("os.arch")), "on Linux on Z the vmur backend is right");
        Path art = ReleaseArtifact.unpack(tmp.resolve("artifact"));
        StockJames james = StockJames.create(tmp.resolve("james"), ForkedJames.freePort(), JwtKeys.generate().publicKeyPem());
        Script install = Script.run(art.resolve("bin/install"), TIMEOUT, "--james", james.dir().toString());
        assertThat(install.exitCode()).as(install.toString()).isZero();
        james.edit("mailrepositorystore.xml", "<backend>directory</backend>", "<backend>vmur</backend>");

        Script doctor = Script.run(art.resolve("bin/doctor"), TIMEOUT, "--james", james.dir().toString());

        assertThat(doctor.exitCode()).as(doctor.toString()).isEqualTo(1);
        assertThat(doctor.lines("FAIL")).as(doctor.toString())
            .anyMatch(l -> l.contains("zvm") && l.contains("backend vmur needs a z/VM guest"));
    }

    @Test
    void wrongUsageIsExitCodeTwo(@TempDir Path tmp) throws Exception {
        Path art = ReleaseArtifact.unpack(tmp.resolve("artifact"));
        Script doctor = Script.run(art.resolve("bin/doctor"), TIMEOUT, "--james", tmp.resolve("nowhere").toString());
        assertThat(doctor.exitCode()).as(doctor.toString()).isEqualTo(2);
        assertThat(doctor.output()).contains("no James installation at");
    }
}
