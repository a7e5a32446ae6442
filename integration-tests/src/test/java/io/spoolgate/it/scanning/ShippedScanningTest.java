package io.spoolgate.it.scanning;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.spoolgate.it.support.InProcessJames;
import io.spoolgate.it.support.Readers;
import io.spoolgate.it.support.SmtpClient;
import io.spoolgate.it.support.SpoolgateHome;
import io.spoolgate.vmspool.spool.SpoolFile;

/**
 * The shipped configuration with real clamd and spamd (started by bin/scanners, as .ci/run does): a clean mail reaches
 * the reader tagged, a virus is quarantined, and the delivery log tells both stories.
 */
class ShippedScanningTest {

    private static final String EICAR = "X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*";
    private static InProcessJames james;
    private static SpoolgateHome home;
    private static final ListAppender<ILoggingEvent> LOG = new ListAppender<>();

    @BeforeAll
    static void start() throws Exception {
        LOG.start();
        ((Logger) org.slf4j.LoggerFactory.getLogger("spoolgate.delivery")).addAppender(LOG);
        home = SpoolgateHome.create(Files.createTempDirectory("spoolgate-scan-"), 0);
        james = InProcessJames.start(home);
    }

    @AfterAll
    static void stop() {
        ((Logger) org.slf4j.LoggerFactory.getLogger("spoolgate.delivery")).detachAppender(LOG);
        if (james != null) {
            james.close();
        }
    }

    private static void send(String id, String body) throws IOException {
        try (SmtpClient smtp = new SmtpClient("127.0.0.1", james.smtpPort())) {
            assertThat(smtp.send("carol@example.org", List.of("user1@vm.example"),
                ("Message-ID: <" + id + "@test>\r\nSubject: scan " + id + "\r\n\r\n" + body + "\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1))).isEqualTo(250);
        }
    }

    @Test
    void aCleanMailIsTaggedAndPunched() throws Exception {
        String id = UUID.randomUUID().toString();
        send(id, "Just a friendly note about the meeting tomorrow.");
        Readers readers = new Readers(home.spoolRoot());
        SpoolFile f = readers.await("USER1", x -> text(readers, x).contains(id), Duration.ofSeconds(60));
        assertThat(text(readers, f)).contains("X-Spam-Status: No", "X-Virus-Scanned:", "Just a friendly note");
        assertThat(LOG.list).anyMatch(e -> e.getFormattedMessage().contains(" <= carol@example.org "));
    }

    @Test
    void aVirusIsQuarantinedNotPunchedAndLogged() throws Exception {
        String id = UUID.randomUUID().toString();
        send(id, EICAR);
        Path quarantine = home.dir().resolve("mail/quarantine/virus");
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (count(quarantine) == 0 && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        assertThat(count(quarantine)).isPositive();
        Readers readers = new Readers(home.spoolRoot());
        assertThat(readers.list("USER1")).noneMatch(x -> text(readers, x).contains(id));
        assertThat(LOG.list).anyMatch(e -> e.getFormattedMessage().contains(" quarantine carol@example.org ")
            && e.getFormattedMessage().contains("reason=virus"));
    }

    private static long count(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.count();
        }
    }

    private static String text(Readers readers, SpoolFile f) {
        try {
            return new String(readers.message(f), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
