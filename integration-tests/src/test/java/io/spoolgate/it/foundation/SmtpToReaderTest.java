package io.spoolgate.it.foundation;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.spoolgate.it.support.InProcessJames;
import io.spoolgate.it.support.Readers;
import io.spoolgate.it.support.SmtpClient;
import io.spoolgate.it.support.SpoolgateHome;
import io.spoolgate.vmspool.ebcdic.Cp1047;
import io.spoolgate.vmspool.netdata.NetdataControl;
import io.spoolgate.vmspool.netdata.NetdataFileInfo;
import io.spoolgate.vmspool.netdata.NetdataReader;
import io.spoolgate.vmspool.netdata.TextUnitKey;
import io.spoolgate.vmspool.spool.DeliveryFormat;
import io.spoolgate.vmspool.spool.ReaderFileDecoder;
import io.spoolgate.vmspool.spool.SpoolFile;

/**
 * The foundation end to end: mail sent over real SMTP to a real James 3.8.1 with the shipped configuration lands in VM
 * readers, and the project's own decoders give back exactly what was sent.
 */
class SmtpToReaderTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static Path dir;
    private static SpoolgateHome home;
    private static InProcessJames james;
    private static Readers readers;

    @BeforeAll
    static void startJames() throws Exception {
        dir = Files.createTempDirectory("spoolgate-it-");
        home = SpoolgateHome.create(dir, 0);
        // mail for user2 is punched as BSMTP: the per-mail format attribute, set the James way
        home.replace("mailetcontainer.xml", "        <processor state=\"local-delivery\" enableJmx=\"false\">\n",
            "        <processor state=\"local-delivery\" enableJmx=\"false\">\n"
                + "            <mailet match=\"RecipientIs=user2@vm.example\" class=\"SetMailAttribute\">\n"
                + "                <spoolgate.format>bsmtp</spoolgate.format>\n"
                + "            </mailet>\n");
        Files.writeString(home.dir().resolve("conf/vmusers"), "MAINT\nUSER1\nUSER2\nUSER3\n");
        // the foundation's own path: root straight to transport. Scanning (which adds X-Spam headers and may
        // re-serialise the header block) has its own end-to-end tests in the matchers module.
        home.replace("mailetcontainer.xml", "<processor>scan</processor>", "<processor>transport</processor>");
        james = InProcessJames.start(home);
        readers = new Readers(home.spoolRoot());
    }

    @AfterAll
    static void stopJames() {
        if (james != null) {
            james.close();
        }
    }

    @Test
    void mailToAKnownAndAnUnknownUserLandsByteExactInTheirReaders() throws Exception {
        String id = UUID.randomUUID().toString();
        byte[] message = hardMessage(id);
        try (SmtpClient smtp = new SmtpClient("127.0.0.1", james.smtpPort())) {
            assertThat(smtp.send("alice@example.org", List.of("user1@vm.example", "stranger@vm.example"), message))
                .isEqualTo(250);
        }
        SpoolFile toUser1 = readers.await("USER1", f -> containsId(f, id), WAIT);
        SpoolFile toMaint = readers.await("MAINT", f -> containsId(f, id), WAIT);

        for (SpoolFile f : List.of(toUser1, toMaint)) {
            assertSameMessage(readers.message(f), message);
            assertThat(f.format()).isEqualTo(DeliveryFormat.NETDATA);
            assertThat(f.fileName()).isEqualTo("ALICE");
            assertThat(f.fileType()).isEqualTo("MAIL");
            assertThat(f.spoolClass()).isEqualTo('A');
            assertThat(f.originUserid().value()).isEqualTo("SMTP");
            assertThat(f.sender()).isEqualTo("alice@example.org");
        }
        assertThat(toUser1.recipients()).containsExactly("user1@vm.example");
        assertThat(toMaint.recipients()).containsExactly("stranger@vm.example");
    }

    @Test
    void netdataIsLaidOutLikeACmsNoteRecordByRecord() throws Exception {
        String id = UUID.randomUUID().toString();
        byte[] message = hardMessage(id);
        Instant before = Instant.now().minusSeconds(1);
        try (SmtpClient smtp = new SmtpClient("127.0.0.1", james.smtpPort())) {
            assertThat(smtp.send("bob@example.org", List.of("user1@vm.example"), message)).isEqualTo(250);
        }
        SpoolFile f = readers.await("USER1", x -> containsId(x, id), WAIT);
        byte[] raw = readers.raw(f);
        assertThat(raw.length % 80).as("whole 80-byte cards").isZero();
        assertThat(f.bytes()).isEqualTo(raw.length);

        // walk the segments: control records INMR01, INMR02, INMR03, data, INMR06, then X'00' filler
        List<String> order = new ArrayList<>();
        int pos = 0;
        int dataRecords = 0;
        int longest = 0;
        int current = 0;
        while (pos < raw.length) {
            int len = raw[pos] & 0xFF;
            if (len == 0 && order.contains("INMR06")) {
                for (int i = pos; i < raw.length; i++) {
                    assertThat(raw[i]).as("filler after INMR06 at " + i).isZero();
                }
                break;
            }
            int flags = raw[pos + 1] & 0xFF;
            assertThat(len).as("segment length at " + pos).isBetween(2, 255);
            assertThat(flags & 0x1F).as("reserved flag bits at " + pos).isZero();
            if ((flags & 0x20) != 0) {
                assertThat(flags).as("control records are single segments").isEqualTo(0xE0);
                order.add(Cp1047.decode(raw, pos + 2, 6));
            } else {
                if ((flags & 0x80) != 0) {
                    current = 0;
                }
                current += len - 2;
                if ((flags & 0x40) != 0) {
                    dataRecords++;
                    longest = Math.max(longest, current);
                }
                assertThat(len - 2).isLessThanOrEqualTo(253);
            }
            pos += len;
        }
        assertThat(order).containsExactly("INMR01", "INMR02", "INMR03", "INMR06");
        assertThat((long) dataRecords).isEqualTo(f.records());

        try (InputStream in = new ByteArrayInputStream(raw)) {
            NetdataReader reader = new NetdataReader(in);
            NetdataControl control = reader.header();
            assertThat(control.originUserid()).isEqualTo("SMTP");
            assertThat(control.originNode()).isEqualTo("VMNODE");
            assertThat(control.targetUserid()).isEqualTo("USER1");
            assertThat(control.headerUnit(TextUnitKey.INMLRECL).orElseThrow().number()).isEqualTo(80);
            assertThat(control.headerUnit(TextUnitKey.INMNUMF).orElseThrow().number()).isEqualTo(1);
            String ftime = control.headerUnit(TextUnitKey.INMFTIME).orElseThrow().text();
            assertThat(ftime).hasSize(20).containsOnlyDigits();
            Instant stamped = java.time.LocalDateTime.parse(ftime.substring(0, 14),
                DateTimeFormatter.ofPattern("yyyyMMddHHmmss")).toInstant(ZoneOffset.UTC);
            assertThat(stamped).isBetween(before.minusSeconds(1), Instant.now().plusSeconds(1));
            NetdataFileInfo file = control.file(1);
            assertThat(file.term()).as("INMTERM: a mail note").isTrue();
            assertThat(file.recfm()).isEqualTo(0x0002);
            assertThat(file.dsorg()).isEqualTo(0x4000);
            assertThat(file.utilityNames()).containsExactly("INMCOPY");
            assertThat(file.lrecl()).as("no line split: lrecl > longest line").isGreaterThan(longest);
            assertThat(file.lrecl()).isGreaterThanOrEqualTo(80);
        }
    }

    @Test
    void bsmtpFileCarriesTheTransactionLineByLine() throws Exception {
        String id = UUID.randomUUID().toString();
        byte[] message = ("Message-ID: <" + id + "@test>\r\nSubject: batch\r\n\r\n.starts with a dot\r\nplain\r\n")
            .getBytes(StandardCharsets.ISO_8859_1);
        try (SmtpClient smtp = new SmtpClient("127.0.0.1", james.smtpPort())) {
            assertThat(smtp.send("carol@example.org", List.of("user2@vm.example"), message)).isEqualTo(250);
        }
        SpoolFile f = readers.await("USER2", x -> x.sender().equals("carol@example.org"), WAIT);
        assertThat(f.format()).isEqualTo(DeliveryFormat.BSMTP);
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        try (InputStream in = new ByteArrayInputStream(readers.raw(f))) {
            ReaderFileDecoder.decodeLines(f.format(), in, text);
        }
        List<String> lines = Arrays.asList(text.toString(StandardCharsets.ISO_8859_1).split("\n", -1));
        assertThat(lines.get(0)).isEqualTo("HELO vm.example");
        assertThat(lines.get(1)).isEqualTo("MAIL FROM:<carol@example.org>");
        assertThat(lines.get(2)).isEqualTo("RCPT TO:<user2@vm.example>");
        assertThat(lines.get(3)).isEqualTo("DATA");
        assertThat(lines.subList(4, lines.indexOf("Subject: batch"))).anyMatch(l -> l.startsWith("Received:"));
        assertThat(lines).contains("Message-ID: <" + id + "@test>", "Subject: batch", "..starts with a dot", "plain");
        assertThat(lines.subList(lines.size() - 3, lines.size())).containsExactly(".", "QUIT", "");
        // and the project's BSMTP reader gives the message back
        assertThat(new String(readers.message(f), StandardCharsets.ISO_8859_1))
            .endsWith(new String(message, StandardCharsets.ISO_8859_1));
    }

    @Test
    void aReaderThatCannotBeWrittenKeepsTheMailUntilItCan() throws Exception {
        Path blocked = home.spoolRoot().resolve("USER3");
        Files.createDirectories(home.spoolRoot());
        Files.writeString(blocked, "a file where the reader folder should be");
        String id = UUID.randomUUID().toString();
        try (SmtpClient smtp = new SmtpClient("127.0.0.1", james.smtpPort())) {
            assertThat(smtp.send("dave@example.org", List.of("user3@vm.example"), hardMessage(id))).isEqualTo(250);
        }
        Thread.sleep(3000);
        assertThat(readers.all()).noneMatch(f -> f.sender().equals("dave@example.org"));
        Files.delete(blocked);
        SpoolFile f = readers.await("USER3", x -> containsId(x, id), WAIT);
        Thread.sleep(2500);
        assertThat(readers.list("USER3")).filteredOn(x -> containsId(x, id)).containsExactly(f);
    }

    @Test
    void webadminListsReadsAndGuardsTheReaders() throws Exception {
        String id = UUID.randomUUID().toString();
        try (SmtpClient smtp = new SmtpClient("127.0.0.1", james.smtpPort())) {
            assertThat(smtp.send("erin@example.org", List.of("user1@vm.example"), hardMessage(id))).isEqualTo(250);
        }
        SpoolFile f = readers.await("USER1", x -> containsId(x, id), WAIT);
        HttpClient http = HttpClient.newHttpClient();
        String base = "http://127.0.0.1:" + james.webadminPort();
        String token = home.jwt().adminToken("it-admin");

        HttpResponse<String> anonymous = http.send(HttpRequest.newBuilder(URI.create(base + "/mailRepositories")).build(),
            HttpResponse.BodyHandlers.ofString());
        assertThat(anonymous.statusCode()).isEqualTo(401);

        HttpResponse<String> keys = http.send(HttpRequest.newBuilder(URI.create(base + "/mailRepositories/readers/mails"))
            .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(keys.statusCode()).isEqualTo(200);
        assertThat(keys.body()).contains(f.key());

        HttpResponse<String> mail = http.send(HttpRequest.newBuilder(
                URI.create(base + "/mailRepositories/readers/mails/" + f.key()))
            .header("Authorization", "Bearer " + token).header("Accept", "message/rfc822").build(),
            HttpResponse.BodyHandlers.ofString(StandardCharsets.ISO_8859_1));
        assertThat(mail.statusCode()).isEqualTo(200);
        assertThat(mail.body()).contains("Message-ID: <" + id + "@test>");
    }

    @Test
    void aBccHeaderIsRemovedAndTheRestKept() throws Exception {
        String id = UUID.randomUUID().toString();
        byte[] message = hardMessage(id);
        String text = new String(message, StandardCharsets.ISO_8859_1);
        byte[] withBcc = text.replace("Subject:", "Bcc: hidden@example.org,\r\n\tuser3@vm.example\r\nSubject:")
            .getBytes(StandardCharsets.ISO_8859_1);
        try (SmtpClient smtp = new SmtpClient("127.0.0.1", james.smtpPort())) {
            assertThat(smtp.send("alice@example.org", List.of("user1@vm.example", "user3@vm.example"), withBcc))
                .isEqualTo(250);
        }
        SpoolFile toUser3 = readers.await("USER3", f -> containsId(f, id), WAIT);
        String got = new String(readers.message(toUser3), StandardCharsets.ISO_8859_1);
        assertThat(got).doesNotContain("Bcc:").doesNotContain("hidden@example.org");
        // James saves the changed message (javax.mail moves MIME-Version up); every other sent line is kept
        int split = text.indexOf("\r\n\r\n");
        assertThat(got.substring(got.indexOf("\r\n\r\n"))).as("body, byte for byte").isEqualTo(text.substring(split));
        assertThat(got).contains(text.substring(0, split).split("\r\n"));
    }

    @Test
    void swaksTheRealClientDeliversToo() throws Exception {
        String id = UUID.randomUUID().toString();
        Process p = new ProcessBuilder("swaks", "--server", "127.0.0.1:" + james.smtpPort(), "--to", "user1@vm.example",
            "--from", "swaks@example.org", "--header", "Message-ID: <" + id + "@test>", "--body", "sent by swaks")
            .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as("swaks output:\n" + out).isZero();
        SpoolFile f = readers.await("USER1", x -> containsId(x, id), WAIT);
        assertThat(new String(readers.message(f), StandardCharsets.ISO_8859_1)).contains("sent by swaks");
    }

    /**
     * The punched message is the sent one, byte for byte, apart from the trace and scan headers the server adds
     * ({@code Received}, {@code X-Spam-*}, {@code X-Virus-Scanned}): the body is identical, and the sent header lines
     * appear unchanged and in order.
     */
    static void assertSameMessage(byte[] decoded, byte[] sent) {
        String got = new String(decoded, StandardCharsets.ISO_8859_1);
        String want = new String(sent, StandardCharsets.ISO_8859_1);
        int gotSplit = got.indexOf("\r\n\r\n");
        int wantSplit = want.indexOf("\r\n\r\n");
        assertThat(got.substring(gotSplit)).as("body, byte for byte").isEqualTo(want.substring(wantSplit));
        List<String> gotHeaders = unfold(got.substring(0, gotSplit));
        List<String> wantHeaders = unfold(want.substring(0, wantSplit));
        List<String> added = new ArrayList<>(gotHeaders);
        for (String h : wantHeaders) {
            assertThat(added).as("sent header kept unchanged").contains(h);
            added.remove(h);
        }
        assertThat(gotHeaders.stream().filter(wantHeaders::contains).toList()).as("sent headers in order")
            .containsExactlyElementsOf(wantHeaders);
        assertThat(added).as("headers the server added").allMatch(h -> h.startsWith("Received:")
            || h.startsWith("X-Spam-") || h.startsWith("X-Virus-Scanned:"));
        assertThat(added).anyMatch(h -> h.startsWith("Received:"));
    }

    private static List<String> unfold(String headerBlock) {
        List<String> fields = new ArrayList<>();
        for (String line : headerBlock.split("\r\n")) {
            if ((line.startsWith(" ") || line.startsWith("\t")) && !fields.isEmpty()) {
                fields.set(fields.size() - 1, fields.get(fields.size() - 1) + "\r\n" + line);
            } else {
                fields.add(line);
            }
        }
        return fields;
    }

    private static boolean containsId(SpoolFile f, String id) {
        try {
            return new String(readers.message(f), StandardCharsets.ISO_8859_1).contains(id);
        } catch (IOException e) {
            throw new AssertionError("reader file " + f.key() + " does not decode: " + e.getMessage(), e);
        }
    }

    /** A message that exercises the codec: 8-bit bytes, a 3000-byte line, blank-only lines, leading dots, tabs. */
    static byte[] hardMessage(String id) {
        ByteArrayOutputStream m = new ByteArrayOutputStream();
        String head = "From: Alice <alice@example.org>\r\nTo: user1@vm.example\r\nSubject: =?ISO-8859-1?Q?caf=E9?=\r\n"
            + "Message-ID: <" + id + "@test>\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=ISO-8859-1\r\n"
            + "Content-Transfer-Encoding: 8bit\r\n\r\n";
        m.writeBytes(head.getBytes(StandardCharsets.ISO_8859_1));
        m.writeBytes("Hello USER1,\r\n\r\n \r\n  two blanks\r\n.a leading dot\r\n..two dots\r\n\tTab\r\n".getBytes(StandardCharsets.ISO_8859_1));
        for (int b = 0x80; b <= 0xFF; b++) {
            m.write(b);
        }
        m.writeBytes("\r\n".getBytes(StandardCharsets.ISO_8859_1));
        m.writeBytes("X".repeat(3000).getBytes(StandardCharsets.ISO_8859_1));
        m.writeBytes("\r\ntrailing blanks   \r\nend\r\n".getBytes(StandardCharsets.ISO_8859_1));
        return m.toByteArray();
    }
}
