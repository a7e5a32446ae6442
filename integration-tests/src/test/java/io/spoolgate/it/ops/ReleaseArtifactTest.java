package io.spoolgate.it.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.spoolgate.it.support.ForkedJames;
import io.spoolgate.it.support.JwtKeys;
import io.spoolgate.it.support.Projects;
import io.spoolgate.it.support.Readers;
import io.spoolgate.it.support.SmtpClient;
import io.spoolgate.vmspool.spool.SpoolFile;

/**
 * The release artifact of {@code mvn package}: what it holds, and that it turns a fresh stock James 3.8.1 (memory app
 * from the Maven jars) into a Spoolgate that delivers an SMTP mail into a VM reader, using only the artifact's
 * {@code bin/install}, the one documented transport edit, and {@code bin/doctor} to check the result.
 */
class ReleaseArtifactTest {

    private static final Duration SCRIPT_TIMEOUT = Duration.ofMinutes(3);

    @Test
    void holdsOnlySpoolgateClassesInExtensionsJarsAndTheIpmapperOnTheMainClassPath(@TempDir Path tmp) throws Exception {
        Path art = ReleaseArtifact.unpack(tmp);
        assertThat(Files.exists(Path.of(ReleaseArtifact.archive().toString().replace(".tar.gz", ".zip")))).isTrue();

        List<Path> extensions = jars(art.resolve("extensions-jars"));
        assertThat(extensions).extracting(p -> p.getFileName().toString())
            .anyMatch(n -> n.startsWith("spoolgate-vmspool-repository-"))
            .anyMatch(n -> n.startsWith("spoolgate-mailets-"))
            .noneMatch(n -> n.startsWith("spoolgate-ipmapper-"));
        for (Path jar : extensions) {
            assertThat(classesOutsideSpoolgate(jar)).as("classes in %s that are not Spoolgate's", jar).isEmpty();
        }
        List<Path> lib = jars(art.resolve("lib"));
        assertThat(lib).hasSize(1);
        try (ZipFile z = new ZipFile(lib.get(0).toFile())) {
            assertThat(z.getEntry("io/spoolgate/ipmapper/pickport/PickportSocketFactory.class")).isNotNull();
        }
        for (String f : List.of("README-INSTALL.txt", "lib/README.txt", "conf/mailetcontainer.xml",
            "conf/extensions.properties", "conf/profiles/proxy/smtpserver.xml", "conf/ipmapper/PORT.MAPPING",
            "scanners/scanning.properties", "scanners/clamd.conf.template")) {
            assertThat(art.resolve(f)).as(f).isRegularFile();
        }
        try (Stream<Path> sigs = Files.list(art.resolve("scanners/clamav-db"))) {
            assertThat(sigs.count()).as("signature files").isPositive();
        }
        for (String script : List.of("doctor", "install", "scanners")) {
            assertThat(Files.isExecutable(art.resolve("bin").resolve(script))).as("bin/" + script).isTrue();
        }
    }

    @Test
    void snippetsAreThePiecesOfTheShippedConfiguration(@TempDir Path tmp) throws Exception {
        Path art = ReleaseArtifact.unpack(tmp);
        String mailets = normalized(Projects.shippedConf().resolve("mailetcontainer.xml"));
        String repositories = normalized(Projects.shippedConf().resolve("mailrepositorystore.xml"));
        assertThat(mailets).contains(normalized(art.resolve("conf/snippets/mailetcontainer-processors.xml")));
        assertThat(mailets).contains(normalized(art.resolve("conf/snippets/mailetcontainer-transport.xml")));
        assertThat(repositories).contains(normalized(art.resolve("conf/snippets/mailrepositorystore-vmspool.xml")));
        assertThat(repositories).contains(normalized(art.resolve("conf/snippets/mailrepositorystore-file.xml")));
    }

    @Test
    void installedIntoAStockJamesItBootsAndDeliversIntoAVmReader(@TempDir Path tmp) throws Exception {
        Path art = ReleaseArtifact.unpack(tmp.resolve("artifact"));
        int smtpPort = ForkedJames.freePort();
        StockJames james = StockJames.create(tmp.resolve("james"), smtpPort, JwtKeys.generate().publicKeyPem());

        Script install = Script.run(art.resolve("bin/install"), SCRIPT_TIMEOUT, "--james", james.dir().toString());
        assertThat(install.exitCode()).as(install.toString()).isZero();
        assertThat(install.output()).contains("ONE EDIT LEFT");
        assertThat(james.conf("extensions.properties")).content()
            .contains("io.spoolgate.vmspool.james.SpoolgateModule").contains("io.spoolgate.vmspool.james.SpoolIntake");
        assertThat(james.conf("mailetcontainer.xml.before-spoolgate")).isRegularFile();

        // the administrator's edits: the transport mailet where the stock file delivers to mailboxes, the domain
        String transport = withoutComments(Files.readString(art.resolve("conf/snippets/mailetcontainer-transport.xml")));
        james.edit("mailetcontainer.xml", "<mailet match=\"RecipientIsLocal\" class=\"LocalDelivery\"/>",
            transport.strip() + "\n            <mailet match=\"RecipientIsLocal\" class=\"LocalDelivery\"/>");
        james.edit("domainlist.xml", "</domainlist>",
            "<domainnames><domainname>localhost</domainname><domainname>vm.example</domainname></domainnames>\n</domainlist>");

        Map<String, String> before = confFiles(james.dir().resolve("conf"));
        Script again = Script.run(art.resolve("bin/install"), SCRIPT_TIMEOUT, "--james", james.dir().toString());
        assertThat(again.exitCode()).as(again.toString()).isZero();
        assertThat(again.output()).doesNotContain("ONE EDIT LEFT");
        assertThat(confFiles(james.dir().resolve("conf"))).as("a second install changes nothing").isEqualTo(before);

        Script doctor = Script.run(art.resolve("bin/doctor"), SCRIPT_TIMEOUT, "--james", james.dir().toString());
        assertThat(doctor.exitCode()).as(doctor.toString()).isZero();
        assertThat(doctor.lines("FAIL")).as(doctor.toString()).isEmpty();
        assertThat(doctor.lines("PASS")).as(doctor.toString())
            .anyMatch(l -> l.contains("Apache James 3.8.1"))
            .anyMatch(l -> l.contains("Spoolgate classes load"))
            .anyMatch(l -> l.contains("names the Spoolgate module"))
            .anyMatch(l -> l.contains("delivers local mail to vmspool://"));

        try (ForkedJames running = StockJamesProcess.start(james.dir(), art.resolve("lib"), smtpPort,
            Duration.ofMinutes(3))) {
            byte[] mail = ("From: alice@example.org\r\nTo: user1@vm.example\r\nSubject: through the release artifact\r\n"
                + "\r\nHello VM from a stock James.\r\n").getBytes(StandardCharsets.US_ASCII);
            try (SmtpClient smtp = new SmtpClient("127.0.0.1", smtpPort)) {
                assertThat(smtp.send("alice@example.org", List.of("user1@vm.example"), mail)).isEqualTo(250);
            }
            Readers readers = new Readers(james.dir().resolve("spool"));
            SpoolFile file = readers.await("USER1", f -> true, Duration.ofSeconds(60));
            String delivered = new String(readers.message(file), StandardCharsets.US_ASCII);
            assertThat(delivered).contains("Subject: through the release artifact").contains("Hello VM from a stock James.");
            assertThat(running.logTail()).doesNotContain("ClassNotFoundException");
        }
    }

    private static List<Path> jars(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(".jar")).sorted().toList();
        }
    }

    private static List<String> classesOutsideSpoolgate(Path jar) throws IOException {
        List<String> foreign = new ArrayList<>();
        try (ZipFile z = new ZipFile(jar.toFile())) {
            z.stream().map(ZipEntry::getName)
                .filter(n -> n.endsWith(".class") && !n.startsWith("io/spoolgate/") && !n.endsWith("module-info.class"))
                .forEach(foreign::add);
        }
        return foreign;
    }

    private static Map<String, String> confFiles(Path conf) throws IOException {
        Map<String, String> files = new HashMap<>();
        try (Stream<Path> s = Files.list(conf)) {
            for (Path f : s.filter(Files::isRegularFile).toList()) {
                files.put(f.getFileName().toString(), Files.readString(f, StandardCharsets.ISO_8859_1));
            }
        }
        return files;
    }

    private static String withoutComments(String xml) {
        return xml.replaceAll("(?s)<!--.*?-->", "");
    }

    /** Comments removed and white space collapsed, so that a snippet can be found in a whole file. */
    private static String normalized(Path file) throws IOException {
        return withoutComments(Files.readString(file, StandardCharsets.UTF_8)).replaceAll("\\s+", " ")
            .replace("> <", "><").strip();
    }
}
