package io.spoolgate.it.bench;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;

import io.spoolgate.it.support.InProcessJames;
import io.spoolgate.it.support.Readers;
import io.spoolgate.it.support.SpoolgateHome;
import io.spoolgate.vmspool.card.PunchCardWriter;
import io.spoolgate.vmspool.ebcdic.Cp1047;
import io.spoolgate.vmspool.spool.DeliveryFormat;
import io.spoolgate.vmspool.spool.DirectorySpoolBackend;
import io.spoolgate.vmspool.spool.PunchRequest;
import io.spoolgate.vmspool.spool.VmUserid;

/**
 * A load run, not a test: drops N small BSMTP files (default 10,000) into SMTP's reader at once while a real James
 * with the shipped configuration runs, and prints how fast the intake takes them (files/s until the reader is empty)
 * and how long until every mail is in USER1's reader.
 * <pre>
 * mvn -B -q -pl integration-tests test-compile dependency:build-classpath -Dmdep.outputFile=/tmp/it-cp.txt -Dmdep.includeScope=test
 * java -cp integration-tests/target/test-classes:$(cat /tmp/it-cp.txt) -Dspoolgate.project=$PWD io.spoolgate.it.bench.IntakeRateRun 10000
 * </pre>
 */
public final class IntakeRateRun {

    private IntakeRateRun() {
    }

    public static void main(String[] args) throws Exception {
        int files = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        SpoolgateHome home = SpoolgateHome.create(Files.createTempDirectory("spoolgate-intake-rate-"), 0);
        Files.writeString(home.dir().resolve("conf/logback.xml"), "<configuration><root level=\"WARN\"/></configuration>");
        try (InProcessJames james = InProcessJames.start(home)) {
            DirectorySpoolBackend spool = new DirectorySpoolBackend(home.spoolRoot());
            // stop the intake from seeing half the batch: punch into a side folder, then move the files in at once
            DirectorySpoolBackend side = new DirectorySpoolBackend(home.dir().resolve("staging"));
            for (int i = 0; i < files; i++) {
                byte[] cards = cards(i);
                side.punch(new PunchRequest(VmUserid.of("SMTP"), 'A', "USER7", "MAIL", VmUserid.of("USER7"), "VMNODE",
                    DeliveryFormat.NETDATA, "rate-" + i, "", List.of()), out -> {
                        out.write(cards);
                        return cards.length / 80;
                    });
            }
            long start = System.nanoTime();
            Files.move(home.dir().resolve("staging/SMTP"), home.spoolRoot().resolve("SMTP-incoming"));
            try (var in = Files.list(home.spoolRoot().resolve("SMTP-incoming"))) {
                for (var p : in.toList()) {
                    Files.move(p, home.spoolRoot().resolve("SMTP").resolve(p.getFileName()));
                }
            }
            long deadline = System.nanoTime() + Duration.ofMinutes(30).toNanos();
            while (!spool.list(VmUserid.of("SMTP")).isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            double taken = (System.nanoTime() - start) / 1e9;
            Readers readers = new Readers(home.spoolRoot());
            while (readers.list("USER1").size() < files && System.nanoTime() < deadline) {
                Thread.sleep(250);
            }
            double delivered = (System.nanoTime() - start) / 1e9;
            System.out.printf("intake: %d files taken in %.1f s = %.0f files/s; all %d mails punched to USER1 after %.1f s = %.0f mails/s%n",
                files, taken, files / taken, readers.list("USER1").size(), delivered, files / delivered);
        }
    }

    private static byte[] cards(int n) throws java.io.IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PunchCardWriter w = new PunchCardWriter(out);
        for (String l : List.of("HELO VMNODE", "MAIL FROM:<user7@vm.example>", "RCPT TO:<user1@vm.example>", "DATA",
            "Subject: rate " + n, "", "a small note", ".", "QUIT")) {
            byte[] e = Cp1047.encode(l);
            w.record(e, 0, e.length);
        }
        w.flush();
        return out.toByteArray();
    }
}
