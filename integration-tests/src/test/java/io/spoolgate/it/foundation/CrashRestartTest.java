package io.spoolgate.it.foundation;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import io.spoolgate.it.support.ForkedJames;
import io.spoolgate.it.support.Readers;
import io.spoolgate.it.support.SmtpClient;
import io.spoolgate.it.support.SpoolgateHome;
import io.spoolgate.vmspool.spool.SpoolFile;

/**
 * Durability: 200 mails accepted with 250, the James JVM killed hard (kill -9) while most of them still wait in the
 * queue, James started again on the same working directory — every mail ends up in a reader exactly once.
 */
class CrashRestartTest {

    private static final int MAILS = 200;
    private static final int CONNECTIONS = 4;
    private static final Pattern MESSAGE_ID = Pattern.compile("Message-ID: <(crash-\\d+)@test>");

    @Test
    void acceptedMailSurvivesKillMinus9AndIsPunchedExactlyOnce() throws Exception {
        Path dir = Files.createTempDirectory("spoolgate-crash-");
        int port = ForkedJames.freePort();
        SpoolgateHome home = SpoolgateHome.create(dir, port);
        // hold each mail a while and use two spooler threads, so that most mail is still queued when we kill
        home.replace("mailetcontainer.xml", "<threads>20</threads>", "<threads>2</threads>");
        home.replace("mailetcontainer.xml",
            "            <mailet match=\"All\" class=\"ToRepository\">\n                <repositoryPath>vmspool://readers",
            "            <mailet match=\"All\" class=\"io.spoolgate.it.support.SlowDown\">\n"
                + "                <millis>100</millis>\n            </mailet>\n"
                + "            <mailet match=\"All\" class=\"ToRepository\">\n                <repositoryPath>vmspool://readers");
        Readers readers = new Readers(home.spoolRoot());

        int deliveredAtKill;
        try (ForkedJames first = ForkedJames.start(home, port, Duration.ofSeconds(120))) {
            ExecutorService pool = Executors.newFixedThreadPool(CONNECTIONS);
            List<Future<Integer>> sent = new ArrayList<>();
            for (int c = 0; c < CONNECTIONS; c++) {
                int connection = c;
                sent.add(pool.submit(() -> {
                    int accepted = 0;
                    try (SmtpClient smtp = new SmtpClient("127.0.0.1", port)) {
                        for (int i = connection; i < MAILS; i += CONNECTIONS) {
                            String msg = "Message-ID: <crash-" + i + "@test>\r\nSubject: crash " + i + "\r\n\r\nbody " + i + "\r\n";
                            if (smtp.send("crash@example.org", List.of("user1@vm.example"),
                                msg.getBytes(StandardCharsets.ISO_8859_1)) == 250) {
                                accepted++;
                            }
                        }
                    }
                    return accepted;
                }));
            }
            int accepted = 0;
            for (Future<Integer> f : sent) {
                accepted += f.get();
            }
            pool.shutdown();
            assertThat(accepted).isEqualTo(MAILS);
            first.kill();
            deliveredAtKill = readers.all().size();
        }
        assertThat(deliveredAtKill).as("mail still waiting in the queue when James was killed").isLessThan(MAILS);

        try (ForkedJames second = ForkedJames.start(home, port, Duration.ofSeconds(120))) {
            List<SpoolFile> files = readers.awaitCount(MAILS, Duration.ofSeconds(180));
            Thread.sleep(3000); // anything redelivered twice would show up now
            files = readers.all();
            Map<String, Integer> seen = new HashMap<>();
            for (SpoolFile f : files) {
                Matcher m = MESSAGE_ID.matcher(new String(readers.message(f), StandardCharsets.ISO_8859_1));
                assertThat(m.find()).as("reader file " + f.key() + " carries a test mail").isTrue();
                seen.merge(m.group(1), 1, Integer::sum);
            }
            assertThat(seen).as("delivered at kill: " + deliveredAtKill).hasSize(MAILS);
            assertThat(seen.values()).allMatch(n -> n == 1);
        }
    }
}
