package io.spoolgate.it.scanning;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

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
import io.spoolgate.scan.Daemons;
import io.spoolgate.scan.ScannerProxy;
import io.spoolgate.vmspool.spool.SpoolFile;

/**
 * The shipped configuration (scan processor on, durable journal queue) with clamd reached through a relay the test
 * cuts: mails sent while clamd is down are accepted (250), wait in the queue with their scan deferred, and once clamd
 * is back every one of them reaches the reader exactly once. Real clamd and spamd (bin/scanners).
 */
class ScannerOutageTest {

    private static final int MAILS = 8;
    private static ScannerProxy clamd;
    private static SpoolgateHome home;
    private static InProcessJames james;
    private static final ListAppender<ILoggingEvent> DEFERRALS = new ListAppender<>();
    private static final String DEFERRAL_LOGGER = "io.spoolgate.mailets.scan.ScanDeferral";

    @BeforeAll
    static void start() throws Exception {
        Daemons.clamd();
        Daemons.spamd();
        DEFERRALS.start();
        ((Logger) org.slf4j.LoggerFactory.getLogger(DEFERRAL_LOGGER)).addAppender(DEFERRALS);
        clamd = new ScannerProxy(Daemons.CLAMD_PORT);
        home = SpoolgateHome.create(Files.createTempDirectory("spoolgate-outage-"), 0);
        home.replace("scanning.properties", "clamd.port=3310", "clamd.port=" + clamd.port());
        // the shipped delays (1m, 5m, …) with the shipped number of attempts, shortened so the test waits seconds
        home.replace("mailetcontainer.xml", "<retryDelays>1m,5m,15m,30m,1h</retryDelays>", "<retryDelays>2s</retryDelays>");
        james = InProcessJames.start(home);
    }

    @AfterAll
    static void stop() throws IOException {
        ((Logger) org.slf4j.LoggerFactory.getLogger(DEFERRAL_LOGGER)).detachAppender(DEFERRALS);
        if (james != null) {
            james.close();
        }
        if (clamd != null) {
            clamd.close();
        }
    }

    @Test
    void mailsAcceptedWhileClamdIsDownAreDeliveredOnceEachWhenItIsBack() throws Exception {
        assertThat(home.dir().resolve("var/store/queue/spool")).as("the shipped durable journal queue").isDirectory();
        Readers readers = new Readers(home.spoolRoot());
        int before = readers.all().size();
        clamd.mode(ScannerProxy.Mode.DOWN);
        List<String> ids = new ArrayList<>();
        try (SmtpClient smtp = new SmtpClient("127.0.0.1", james.smtpPort())) {
            for (int i = 0; i < MAILS; i++) {
                String id = UUID.randomUUID().toString();
                ids.add(id);
                byte[] message = ("Message-ID: <" + id + "@outage.test>\r\nSubject: outage " + i + "\r\n\r\n"
                    + "Sent while clamd is down, number " + i + " (" + id + ").\r\n").getBytes(StandardCharsets.ISO_8859_1);
                assertThat(smtp.send("carol@example.org", List.of("user1@vm.example"), message)).as("mail " + i).isEqualTo(250);
            }
        }

        // several retry rounds (2 s apart) with clamd down: nothing may be delivered unscanned
        Thread.sleep(7_000);
        assertThat(readers.all().size()).as("delivered while clamd was down").isEqualTo(before);
        assertThat(DEFERRALS.list.stream().filter(e -> e.getFormattedMessage().contains("deferred")).count())
            .as("scan deferrals while clamd was down").isGreaterThanOrEqualTo(MAILS);

        clamd.mode(ScannerProxy.Mode.FORWARD);
        List<SpoolFile> files = readers.awaitCount(before + MAILS, Duration.ofSeconds(120));
        assertThat(files).hasSize(before + MAILS);
        Thread.sleep(4_000); // a duplicate would come within a retry round
        Map<String, Long> delivered = ids.stream().collect(Collectors.toMap(Function.identity(), id -> 0L));
        for (SpoolFile f : readers.all()) {
            String text = new String(readers.message(f), StandardCharsets.ISO_8859_1);
            for (String id : ids) {
                if (text.contains("Message-ID: <" + id + "@outage.test>")) {
                    delivered.merge(id, 1L, Long::sum);
                    assertThat(text).as("scanned before delivery").contains("X-Virus-Scanned:");
                }
            }
        }
        assertThat(delivered).as("copies of each mail in the readers").allSatisfy((id, n) -> assertThat(n).isEqualTo(1L));
    }
}
