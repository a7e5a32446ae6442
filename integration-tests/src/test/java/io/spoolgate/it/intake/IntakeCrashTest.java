package io.spoolgate.it.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import io.spoolgate.it.support.ForkedJames;
import io.spoolgate.it.support.Readers;
import io.spoolgate.it.support.SpoolgateHome;
import io.spoolgate.vmspool.card.PunchCardWriter;
import io.spoolgate.vmspool.ebcdic.Cp1047;
import io.spoolgate.vmspool.spool.DeliveryFormat;
import io.spoolgate.vmspool.spool.DirectorySpoolBackend;
import io.spoolgate.vmspool.spool.PunchRequest;
import io.spoolgate.vmspool.spool.SpoolFile;
import io.spoolgate.vmspool.spool.VmUserid;

/**
 * The intake under kill -9: files punched to SMTP while James runs and while it is down are each taken exactly once
 * — none lost, none sent twice — across a hard kill in the middle of the intake.
 */
class IntakeCrashTest {

    private static final Pattern ID = Pattern.compile("Subject: intake-(\\d+)");

    private static byte[] batch(int n) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PunchCardWriter w = new PunchCardWriter(out);
        for (String l : List.of("HELO VMNODE", "MAIL FROM:<user7@vm.example>", "RCPT TO:<user1@vm.example>", "DATA",
            "Subject: intake-" + n, "", "body " + n, ".", "QUIT")) {
            byte[] e = Cp1047.encode(l);
            w.record(e, 0, e.length);
        }
        w.flush();
        return out.toByteArray();
    }

    private static void punch(DirectorySpoolBackend spool, int from, int to) throws IOException {
        for (int i = from; i < to; i++) {
            byte[] cards = batch(i);
            spool.punch(new PunchRequest(VmUserid.of("SMTP"), 'A', "USER7", "MAIL", VmUserid.of("USER7"), "VMNODE",
                DeliveryFormat.NETDATA, "crash-" + i, "", List.of()), out -> {
                    out.write(cards);
                    return cards.length / 80;
                });
        }
    }

    @Test
    void filesArriveOnceAcrossAHardKillOfTheIntake() throws Exception {
        int port = ForkedJames.freePort();
        SpoolgateHome home = SpoolgateHome.create(Files.createTempDirectory("spoolgate-intake-crash-"), port);
        Files.writeString(home.dir().resolve("conf/vmusers"), "MAINT\nUSER1\nUSER7\n");
        DirectorySpoolBackend spool = new DirectorySpoolBackend(home.spoolRoot());
        Readers readers = new Readers(home.spoolRoot());
        int waitingAtKill;
        try (ForkedJames first = ForkedJames.start(home, port, Duration.ofSeconds(120))) {
            punch(spool, 0, 300);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (spool.list(VmUserid.of("SMTP")).size() > 200 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            first.kill();
            waitingAtKill = new DirectorySpoolBackend(home.spoolRoot()).list(VmUserid.of("SMTP")).size();
        }
        assertThat(waitingAtKill).as("files still in SMTP's reader at the kill").isPositive();
        punch(new DirectorySpoolBackend(home.spoolRoot()), 300, 400);

        try (ForkedJames second = ForkedJames.start(home, port, Duration.ofSeconds(120))) {
            long deadline = System.nanoTime() + Duration.ofSeconds(240).toNanos();
            while (readers.list("USER1").size() < 400 && System.nanoTime() < deadline) {
                Thread.sleep(250);
            }
            Thread.sleep(3000);
            Map<String, Integer> seen = new HashMap<>();
            for (SpoolFile f : readers.list("USER1")) {
                Matcher m = ID.matcher(new String(readers.message(f), StandardCharsets.ISO_8859_1));
                assertThat(m.find()).isTrue();
                seen.merge(m.group(1), 1, Integer::sum);
            }
            assertThat(seen).as("waiting at kill: " + waitingAtKill).hasSize(400);
            assertThat(seen.values()).allMatch(n -> n == 1);
            assertThat(new DirectorySpoolBackend(home.spoolRoot()).list(VmUserid.of("SMTP"))).isEmpty();
            Path rejected = home.dir().resolve("spool-rejected");
            assertThat(Files.exists(rejected) ? Files.list(rejected.resolve("SMTP")).count() : 0).isZero();
        }
    }
}
