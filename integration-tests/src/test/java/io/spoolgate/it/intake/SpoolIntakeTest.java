package io.spoolgate.it.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.spoolgate.it.support.InProcessJames;
import io.spoolgate.it.support.Readers;
import io.spoolgate.it.support.SmtpSink;
import io.spoolgate.it.support.SpoolgateHome;
import io.spoolgate.vmspool.card.PunchCardWriter;
import io.spoolgate.vmspool.ebcdic.Cp1047;
import io.spoolgate.vmspool.spool.DeliveryFormat;
import io.spoolgate.vmspool.spool.DirectorySpoolBackend;
import io.spoolgate.vmspool.spool.PunchRequest;
import io.spoolgate.vmspool.spool.ReaderFileEncoder;
import io.spoolgate.vmspool.spool.SpoolFile;
import io.spoolgate.vmspool.spool.VmUserid;

/**
 * Spool intake end to end in a real James: files punched to the SMTP service machine's reader (NETDATA, BSMTP, plain
 * EBCDIC) become mail that lands in VM readers or is relayed to a real SMTP server on loopback; malformed files are
 * kept with their reason and the sender is told.
 */
class SpoolIntakeTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static SpoolgateHome home;
    private static InProcessJames james;
    private static Readers readers;
    private static SmtpSink sink;
    private static DirectorySpoolBackend spool;

    @BeforeAll
    static void start() throws Exception {
        sink = new SmtpSink();
        home = SpoolgateHome.create(Files.createTempDirectory("spoolgate-intake-"), 0);
        // relayed mail goes to the sink (a gateway) instead of the recipient's MX
        home.replace("mailetcontainer.xml", "<outgoing>outgoing</outgoing>",
            "<outgoing>outgoing</outgoing>\n                <gateway>127.0.0.1</gateway>\n"
                + "                <gatewayPort>" + sink.port() + "</gatewayPort>");
        Files.writeString(home.dir().resolve("conf/vmusers"), "MAINT\nUSER1\nUSER2\nUSER7\n");
        james = InProcessJames.start(home);
        readers = new Readers(home.spoolRoot());
        spool = new DirectorySpoolBackend(home.spoolRoot());
    }

    @AfterAll
    static void stop() throws IOException {
        if (james != null) {
            james.close();
        }
        sink.close();
    }

    /** What a VM user's punch to SMTP looks like in the directory spool. */
    private static SpoolFile punchToSmtp(String origin, byte[] cards) throws IOException {
        PunchRequest request = new PunchRequest(VmUserid.of("SMTP"), 'A', origin, "MAIL", VmUserid.of(origin), "VMNODE",
            DeliveryFormat.NETDATA, "test-" + UUID.randomUUID(), "", List.of());
        return spool.punch(request, out -> {
            out.write(cards);
            return cards.length / 80;
        });
    }

    private static byte[] cards(String... lines) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PunchCardWriter w = new PunchCardWriter(out);
        for (String l : lines) {
            byte[] e = Cp1047.encode(l);
            w.record(e, 0, e.length);
        }
        w.flush();
        return out.toByteArray();
    }

    @Test
    void aBsmtpBatchWithTwoTransactionsIsDeliveredLocallyAndRelayed() throws Exception {
        String id = UUID.randomUUID().toString();
        SpoolFile f = punchToSmtp("USER7", cards(
            "HELO VMNODE",
            "MAIL FROM:<USER7@VMNODE>",
            "RCPT TO:<user1@vm.example>",
            "DATA",
            "Subject: local " + id,
            "",
            ".. a stuffed dot line",
            ".",
            "MAIL FROM:<user7@vm.example>",
            "RCPT TO:<someone@remote.example>",
            "DATA",
            "Subject: remote " + id,
            "",
            "to the world",
            ".",
            "QUIT"));
        SpoolFile local = readers.await("USER1", x -> message(x).contains("local " + id), WAIT);
        assertThat(local.sender()).isEqualToIgnoringCase("USER7@VMNODE");
        assertThat(message(local)).contains("\r\n. a stuffed dot line\r\n");
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (sink.received().stream().noneMatch(r -> r.data().contains("remote " + id)) && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        assertThat(sink.received()).filteredOn(r -> r.data().contains("remote " + id))
            .singleElement()
            .satisfies(r -> {
                assertThat(r.from()).isEqualTo("user7@vm.example");
                assertThat(r.to()).containsExactly("someone@remote.example");
            });
        assertThat(spool.find(VmUserid.of("SMTP"), f.spoolId())).as("the file left SMTP's reader").isEmpty();
    }

    @Test
    void aPlainEbcdicNoteTakesItsEnvelopeFromTheHeadersAndLosesBcc() throws Exception {
        String id = UUID.randomUUID().toString();
        punchToSmtp("USER7", cards(
            "From: USER7 at VMNODE",
            "To: user2@vm.example",
            "Bcc: maint@vm.example",
            "Subject: note " + id,
            "",
            "A note typed on CMS.   "));
        SpoolFile toUser2 = readers.await("USER2", x -> message(x).contains("note " + id), WAIT);
        SpoolFile toMaint = readers.await("MAINT", x -> message(x).contains("note " + id), WAIT);
        assertThat(toUser2.sender()).isEqualTo("user7@vm.example");
        for (SpoolFile f : List.of(toUser2, toMaint)) {
            assertThat(message(f)).doesNotContain("Bcc:").contains("A note typed on CMS.\r\n");
        }
    }

    @Test
    void aNetdataNoteWrittenByOurOwnWriterComesBackByteForByte() throws Exception {
        String id = UUID.randomUUID().toString();
        ByteArrayOutputStream msg = new ByteArrayOutputStream();
        msg.writeBytes(("To: user1@vm.example\r\nSubject: netdata " + id + "\r\n\r\n \r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        for (int b = 0xA0; b <= 0xFF; b++) {
            msg.write(b);
        }
        msg.writeBytes(("\r\n" + "L".repeat(400) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        byte[] message = msg.toByteArray();
        PunchRequest note = new PunchRequest(VmUserid.of("SMTP"), 'A', "USER7", "NOTE", VmUserid.of("USER7"), "VMNODE",
            DeliveryFormat.NETDATA, "n-" + id, "", List.of());
        ByteArrayOutputStream cards = new ByteArrayOutputStream();
        new ReaderFileEncoder("VMNODE", "vm.example", 80).encode(note, Instant.now(),
            () -> new java.io.ByteArrayInputStream(message), message.length, cards);
        punchToSmtp("USER7", cards.toByteArray());
        SpoolFile f = readers.await("USER1", x -> message(x).contains("netdata " + id), WAIT);
        byte[] got = readers.message(f);
        assertThat(new String(got, StandardCharsets.ISO_8859_1)).endsWith(new String(message, StandardCharsets.ISO_8859_1));
        assertThat(f.sender()).isEqualTo("user7@vm.example");
    }

    @Test
    void malformedFilesAreKeptWithTheirReasonAndTheSenderIsTold() throws Exception {
        Path rejected = home.dir().resolve("spool-rejected/SMTP");
        byte[] truncatedNetdata;
        ByteArrayOutputStream full = new ByteArrayOutputStream();
        PunchRequest note = new PunchRequest(VmUserid.of("SMTP"), 'A', "USER7", "NOTE", VmUserid.of("USER7"), "VMNODE",
            DeliveryFormat.NETDATA, "t", "", List.of());
        byte[] text = "To: user1@vm.example\r\n\r\n".concat("x".repeat(2000)).concat("\r\n").getBytes(StandardCharsets.ISO_8859_1);
        new ReaderFileEncoder("VMNODE", "vm.example", ReaderFileEncoder.AUTO_LRECL)
            .encode(note, Instant.now(), () -> new java.io.ByteArrayInputStream(text), text.length, full);
        truncatedNetdata = java.util.Arrays.copyOf(full.toByteArray(), 400);
        byte[] noRcpt = cards("HELO VMNODE", "MAIL FROM:<USER7@VMNODE>", "DATA", "x", ".", "QUIT");
        byte[] junk = new byte[800];
        new java.util.Random(7).nextBytes(junk);
        junk[0] = (byte) 0xC1; // not a NETDATA segment start, not a command: a "note" of junk
        int noticesBefore = readers.all().stream().filter(f -> f.owner().value().equals("USER7")).toList().size();
        long reasonsBefore = countReasons(rejected);
        long keptBefore = countKept(rejected);

        punchToSmtp("USER7", truncatedNetdata);
        punchToSmtp("USER7", noRcpt);
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (countReasons(rejected) < reasonsBefore + 2 && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        assertThat(countReasons(rejected)).isEqualTo(reasonsBefore + 2);
        String reasons;
        try (var files = Files.list(rejected)) {
            StringBuilder b = new StringBuilder();
            for (Path p : files.filter(p -> p.toString().endsWith(".reason")).toList()) {
                b.append(Files.readString(p));
            }
            reasons = b.toString();
        }
        assertThat(reasons).contains("USER7").containsIgnoringCase("offset").containsIgnoringCase("RCPT");
        assertThat(countKept(rejected)).as("files kept, not deleted").isEqualTo(keptBefore + 2);
        List<SpoolFile> notices = readers.awaitCount(0, Duration.ZERO);
        deadline = System.nanoTime() + WAIT.toNanos();
        while (readers.list("USER7").size() < noticesBefore + 2 && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        assertThat(readers.list("USER7")).hasSizeGreaterThanOrEqualTo(noticesBefore + 2);
        assertThat(message(readers.list("USER7").get(0))).contains("rejected", "punched to SMTP");
        assertThat(notices).isNotNull();
        punchToSmtp("USER7", junk);
        deadline = System.nanoTime() + WAIT.toNanos();
        while (countReasons(rejected) < reasonsBefore + 3 && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        assertThat(countReasons(rejected)).as("binary junk is rejected, not sent").isEqualTo(reasonsBefore + 3);
    }

    @Test
    void webadminShowsReadersIntakeAndRejectedFilesAndResubmits() throws Exception {
        punchToSmtp("USER7", cards("HELO X", "MAIL FROM:<a@b.example>", "DATA", "x", ".", "QUIT"));
        Path rejectedDir = home.dir().resolve("spool-rejected/SMTP");
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (countReasons(rejectedDir) == 0 && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        String base = "http://127.0.0.1:" + james.webadminPort() + "/spoolgate/spool";
        String token = home.jwt().adminToken("intake-test");
        assertThat(get(http, base + "/readers", null).statusCode()).isEqualTo(401);
        assertThat(get(http, base + "/readers", token).body()).contains("\"userid\":\"USER7\"");
        assertThat(get(http, base + "/intake", token).body()).contains("\"serviceMachine\":\"SMTP\"", "filesRejected");
        String rejected = get(http, base + "/rejected", token).body();
        assertThat(rejected).containsIgnoringCase("RCPT");
        String name = rejected.replaceAll("(?s).*?\"name\":\"([^\"]+)\".*", "$1");
        java.net.http.HttpResponse<String> bad = http.send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(base + "/rejected/" + name + "?action=explode"))
            .header("Authorization", "Bearer " + token).POST(java.net.http.HttpRequest.BodyPublishers.noBody()).build(),
            java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(bad.statusCode()).isEqualTo(400);
        long before = countReasons(rejectedDir);
        java.net.http.HttpResponse<String> again = http.send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(base + "/rejected/" + name + "?action=resubmit"))
            .header("Authorization", "Bearer " + token).POST(java.net.http.HttpRequest.BodyPublishers.noBody()).build(),
            java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(again.statusCode()).as(again.body()).isEqualTo(200);
        assertThat(again.body()).contains("\"key\":\"SMTP-");
        // still broken: the intake takes it again and keeps it again, nothing lost
        deadline = System.nanoTime() + WAIT.toNanos();
        while (countReasons(rejectedDir) < before && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        assertThat(countReasons(rejectedDir)).isEqualTo(before);
    }

    @Test
    void spoolMailGoesThroughTheSmtpExitsAndARejectComesBackAsANote() throws Exception {
        Path rules = Files.writeString(home.dir().resolve("spool-rules"),
            "origin=spool sender=*@blocked.example => reject-message 550 5.7.1 Not from the spool\n");
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        String base = "http://127.0.0.1:" + james.webadminPort() + "/spoolgate/exits/rules";
        String token = home.jwt().adminToken("exit-test");
        java.net.http.HttpResponse<String> put = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                base + "?class=io.spoolgate.exit.rules.RulesExit&param.file=" + rules))
            .header("Authorization", "Bearer " + token).PUT(java.net.http.HttpRequest.BodyPublishers.noBody()).build(),
            java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
        java.net.http.HttpResponse<String> started = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                base + "?action=start"))
            .header("Authorization", "Bearer " + token).POST(java.net.http.HttpRequest.BodyPublishers.noBody()).build(),
            java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(started.statusCode()).as(started.body()).isEqualTo(200);
        try {
            String id = UUID.randomUUID().toString();
            int notesBefore = readers.list("USER7").size();
            punchToSmtp("USER7", cards("HELO VMNODE", "MAIL FROM:<user7@blocked.example>", "RCPT TO:<user1@vm.example>",
                "DATA", "Subject: blocked " + id, "", "x", ".",
                "MAIL FROM:<user7@vm.example>", "RCPT TO:<user1@vm.example>", "DATA", "Subject: allowed " + id, "", "y", ".",
                "QUIT"));
            readers.await("USER1", x -> message(x).contains("allowed " + id), WAIT);
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (readers.list("USER7").size() <= notesBefore && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            assertThat(readers.list("USER7").stream().map(SpoolIntakeTest::message))
                .anySatisfy(note -> assertThat(note).contains("refused by the SMTP exit: 550 5.7.1 Not from the spool"));
            Thread.sleep(1000);
            assertThat(readers.list("USER1")).noneMatch(x -> message(x).contains("blocked " + id));
        } finally {
            http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + "?action=stop"))
                .header("Authorization", "Bearer " + token).POST(java.net.http.HttpRequest.BodyPublishers.noBody()).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        }
    }

    private static java.net.http.HttpResponse<String> get(java.net.http.HttpClient http, String url, String token)
        throws Exception {
        java.net.http.HttpRequest.Builder b = java.net.http.HttpRequest.newBuilder(java.net.URI.create(url));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return http.send(b.build(), java.net.http.HttpResponse.BodyHandlers.ofString());
    }

    private static long countKept(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (var files = Files.list(dir)) {
            return files.filter(p -> p.toString().endsWith(".rdr")).count();
        }
    }

    private static long countReasons(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (var files = Files.list(dir)) {
            return files.filter(p -> p.toString().endsWith(".reason")).count();
        }
    }

    private static String message(SpoolFile f) {
        try {
            return new String(readers.message(f), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
