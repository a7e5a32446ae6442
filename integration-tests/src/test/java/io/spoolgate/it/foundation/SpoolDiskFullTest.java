package io.spoolgate.it.foundation;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import io.spoolgate.it.support.InProcessJames;
import io.spoolgate.it.support.Readers;
import io.spoolgate.it.support.SmtpClient;
import io.spoolgate.it.support.SpoolgateHome;
import io.spoolgate.vmspool.spool.SpoolFile;

/**
 * The reader spool's file system runs full during delivery (a 2 MB tmpfs the test mounts over the spool folder and
 * fills up; the durable queue stays on the main disk): every mail already accepted with 250 waits in the queue — no
 * reader file, no half-written temporary file, nothing in the error repositories — and each is punched exactly once,
 * intact, as soon as space returns. Needs root (mount); CI runs as root.
 */
@EnabledOnOs(OS.LINUX)
class SpoolDiskFullTest {

    private static final int MAILS = 20;
    private static final Pattern MESSAGE_ID = Pattern.compile("Message-ID: <full-(\\d+)@test>");

    @Test
    void acceptedMailWaitsWhileTheSpoolDiskIsFullAndIsPunchedOnceWhenSpaceReturns() throws Exception {
        Path dir = Files.createTempDirectory("spoolgate-full-");
        SpoolgateHome home = SpoolgateHome.create(dir, 0);
        Path spool = home.spoolRoot();
        Files.createDirectories(spool);
        mountTmpfs(spool);
        try {
            Path filler = spool.resolve(".filler");
            fillUp(filler);
            FileStore store = Files.getFileStore(spool);
            assertThat(store.getUsableSpace()).as("spool file system full").isLessThan(8192);

            Map<Integer, byte[]> sent = new HashMap<>();
            try (InProcessJames james = InProcessJames.start(home)) {
                Readers readers = new Readers(spool);
                try (SmtpClient smtp = new SmtpClient("127.0.0.1", james.smtpPort())) {
                    for (int i = 0; i < MAILS; i++) {
                        byte[] message = message(i);
                        sent.put(i, message);
                        assertThat(smtp.send("full@example.org", List.of(i % 2 == 0 ? "user1@vm.example"
                            : "user2@vm.example"), message)).as("mail %d accepted", i).isEqualTo(250);
                    }
                }
                // several punch attempts fail (the shipped spool-retry re-queues every 2 s in tests)
                Thread.sleep(8000);
                assertThat(readers.all()).as("nothing punched while the disk is full").isEmpty();
                assertThat(leftovers(spool)).as("no half-written reader files").isEmpty();
                assertThat(repositoryFiles(home.dir().resolve("mail"))).as("nothing in error repositories").isEmpty();

                Files.delete(filler); // space returns
                List<SpoolFile> files = readers.awaitCount(MAILS, Duration.ofSeconds(120));
                Thread.sleep(3000); // a second punch of anything would show now
                files = readers.all();
                Map<Integer, Integer> landed = new HashMap<>();
                for (SpoolFile f : files) {
                    byte[] delivered = readers.message(f);
                    Matcher m = MESSAGE_ID.matcher(new String(delivered, StandardCharsets.ISO_8859_1));
                    assertThat(m.find()).isTrue();
                    int i = Integer.parseInt(m.group(1));
                    landed.merge(i, 1, Integer::sum);
                    assertThat(new String(delivered, StandardCharsets.ISO_8859_1))
                        .as("mail %d delivered intact", i).endsWith(new String(sent.get(i), StandardCharsets.ISO_8859_1));
                }
                assertThat(landed).hasSize(MAILS);
                assertThat(landed.values()).allMatch(n -> n == 1);
                assertThat(leftovers(spool)).isEmpty();
            }
        } finally {
            unmount(spool);
        }
    }

    private static byte[] message(int i) {
        StringBuilder m = new StringBuilder("Message-ID: <full-" + i + "@test>\r\nSubject: disk full " + i + "\r\n\r\n");
        for (int line = 0; line < 150; line++) {
            m.append("mail ").append(i).append(" line ").append(line).append(" ").append("z".repeat(60)).append("\r\n");
        }
        return m.toString().getBytes(StandardCharsets.US_ASCII);
    }

    /** Writes until the file system refuses. */
    private static void fillUp(Path filler) throws IOException {
        byte[] chunk = new byte[4096];
        try (OutputStream out = Files.newOutputStream(filler)) {
            while (true) {
                out.write(chunk);
            }
        } catch (IOException full) {
            // ENOSPC: the file system is full now
        }
    }

    private static List<Path> leftovers(Path spool) throws IOException {
        try (Stream<Path> all = Files.walk(spool)) {
            return all.filter(p -> p.getFileName().toString().startsWith(".tmp-")).toList();
        }
    }

    private static List<Path> repositoryFiles(Path mail) throws IOException {
        if (!Files.isDirectory(mail)) {
            return List.of();
        }
        try (Stream<Path> all = Files.walk(mail)) {
            return all.filter(Files::isRegularFile).toList();
        }
    }

    private static void mountTmpfs(Path at) throws Exception {
        Process p = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=2m,mode=0755", "spoolgate-full-test",
            at.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        Assumptions.assumeTrue(p.waitFor() == 0, "mounting a tmpfs needs root: " + out.trim());
    }

    private static void unmount(Path at) throws Exception {
        Process p = new ProcessBuilder("umount", at.toString()).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        if (p.waitFor() != 0) {
            new ProcessBuilder("umount", "-l", at.toString()).redirectErrorStream(true).start().waitFor();
        }
    }
}
