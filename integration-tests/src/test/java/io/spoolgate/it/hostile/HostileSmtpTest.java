package io.spoolgate.it.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.spoolgate.it.support.InProcessJames;
import io.spoolgate.it.support.Readers;
import io.spoolgate.it.support.SmtpClient;
import io.spoolgate.it.support.SpoolgateHome;
import io.spoolgate.vmspool.spool.SpoolFile;

/**
 * Hostile SMTP input against a real James 3.8.1 with the shipped configuration: over-long lines, bare LF, NUL bytes,
 * pipelining abuse, 1,000 recipients, a 50 MB mail over the configured size limit, slow clients. The server must
 * answer each correctly, deliver what it accepted intact and nothing it refused, and stay up: after every test a
 * normal mail still goes through to a reader. Every wait is bounded; nothing is asserted about speed.
 */
class HostileSmtpTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    /** The shipped {@code maxmessagesize} (KB). */
    private static final int SIZE_LIMIT_BYTES = 25600 * 1024;

    private static Path dir;
    private static InProcessJames james;
    private static Readers readers;
    private static int port;

    @BeforeAll
    static void startJames() throws Exception {
        dir = Files.createTempDirectory("spoolgate-hostile-");
        SpoolgateHome home = SpoolgateHome.create(dir, 0);
        // scanning (when the shipped root sends mail to it) has its own end-to-end tests; here the SMTP edge matters
        Path mailets = home.dir().resolve("conf/mailetcontainer.xml");
        if (Files.readString(mailets).contains("<processor>scan</processor>")) {
            home.replace("mailetcontainer.xml", "<processor>scan</processor>", "<processor>transport</processor>");
        }
        james = InProcessJames.start(home);
        port = james.smtpPort();
        readers = new Readers(home.spoolRoot());
    }

    @AfterAll
    static void stopJames() {
        if (james != null) {
            james.close();
        }
    }

    @AfterEach
    void aNormalMailStillGoesThrough() throws Exception {
        String token = token();
        try (SmtpClient c = new SmtpClient("127.0.0.1", port)) {
            assertThat(c.send("alice@client.test", List.of("user1@vm.example"), mail(token, "still up")))
                .isEqualTo(250);
        }
        awaitToken("USER1", token);
    }

    @Test
    void anOverLongCommandLineIsRefusedAndTheSessionGoesOn() throws Exception {
        try (RawSmtp s = RawSmtp.greeted(port)) {
            s.line("MAIL FROM:<" + "a".repeat(100_000) + "@client.test>");
            assertThat(s.reply()).startsWith("500");
            s.line("NOOP");
            s.expect(250);
            // and a transaction on the same connection works
            String token = token();
            openData(s, "user2@vm.example");
            s.write(mail(token, "after a long line")).line(".");
            s.expect(250);
            awaitToken("USER2", token);
        }
    }

    @Test
    void anOverLongLineInsideDataIsRefusedNotDeliveredAltered() throws Exception {
        // James 3.8.1 alone drops a DATA line over 8192 bytes and still answers 250; LongLineGuard refuses the message
        String token = token();
        byte[] message = concat(header(token, "long data line"),
            ("x".repeat(20_000) + "\r\nlast line\r\n").getBytes(StandardCharsets.US_ASCII));
        List<String> replies = new ArrayList<>();
        try (RawSmtp s = RawSmtp.greeted(port)) {
            openData(s, "user2@vm.example");
            s.write(message).line(".");
            // James's own "line too long" reply comes first; the transaction's own reply is the last one
            for (int i = 0; i < 5; i++) {
                String r = s.replyOrClose().orElse(null);
                if (r == null) {
                    break;
                }
                replies.add(r);
                if (!r.toLowerCase().contains("line length")) {
                    break;
                }
            }
            assertThat(replies).as("replies").isNotEmpty();
            assertThat(replies.get(replies.size() - 1)).as("end of data reply, all: %s", replies).startsWith("554 5.6.0");
            // the connection stays usable: the next message goes through
            String next = token();
            openData(s, "user2@vm.example");
            byte[] ok = concat(header(next, "after long line"), "fine\r\n".getBytes(StandardCharsets.US_ASCII));
            s.write(ok).line(".");
            s.expect(250);
            assertLandedIntact(awaitToken("USER2", next), ok);
        }
        assertNeverDelivered(token);
    }

    @Test
    void bareLineFeedInDataIsRefusedWith500AndEndsTheSession() throws Exception {
        String token = token();
        try (RawSmtp s = RawSmtp.greeted(port)) {
            openData(s, "user1@vm.example");
            // SMTP smuggling shape: a bare LF line, then what looks like an end of data and a second transaction
            s.write(header(token, "bare LF")).write("body\n.\nMAIL FROM:<mallory@client.test>\r\n.\r\n");
            String r = s.reply();
            assertThat(r).startsWith("500").contains("CRLF");
            assertThat(s.closedByServer(30_000)).isTrue();
        }
        assertNeverDelivered(token);
    }

    @Test
    void nulBytesInACommandAreRefusedAndInDataArePreservedExactly() throws Exception {
        String token = token();
        byte[] message = concat(header(token, "nul"), "before\0after\r\n\0\r\n".getBytes(StandardCharsets.ISO_8859_1));
        try (RawSmtp s = RawSmtp.greeted(port)) {
            s.write("MAIL FROM:<nul\0l@client.test>\r\n");
            String r = s.reply();
            assertThat(RawSmtp.code(r)).as("MAIL FROM with a NUL: %s", r).isBetween(500, 599);
            s.line("RSET");
            s.expect(250);
            openData(s, "user1@vm.example");
            s.write(message).line(".");
            String end = s.reply();
            if (end.startsWith("250")) {
                assertLandedIntact(awaitToken("USER1", token), message);
            } else {
                assertThat(RawSmtp.code(end)).isBetween(500, 599);
                assertNeverDelivered(token);
            }
        }
    }

    @Test
    void manyCommandsInOneWriteAreAllAnsweredInOrder() throws Exception {
        String token = token();
        int noops = 500;
        StringBuilder burst = new StringBuilder();
        burst.append("NOOP\r\n".repeat(noops));
        burst.append("MAIL FROM:<alice@client.test>\r\nRCPT TO:<user2@vm.example>\r\nDATA\r\n");
        byte[] message = mail(token, "pipelined");
        try (RawSmtp s = RawSmtp.greeted(port)) {
            // everything at once, message and QUIT included, without waiting for the 354
            s.write(concat(burst.toString().getBytes(StandardCharsets.US_ASCII), message,
                ".\r\nQUIT\r\n".getBytes(StandardCharsets.US_ASCII)));
            for (int i = 0; i < noops; i++) {
                s.expect(250);
            }
            s.expect(250);
            s.expect(250);
            s.expect(354);
            s.expect(250);
            s.expect(221);
        }
        assertLandedIntact(awaitToken("USER2", token), message);
    }

    @Test
    void aThousandRecipientsGet452PastTheShippedLimitAndTheFirstHundredGetTheMail() throws Exception {
        String token = token();
        int n = 1000;
        StringBuilder rcpts = new StringBuilder();
        for (int i = 1; i <= n; i++) {
            rcpts.append(String.format("RCPT TO:<nobody%04d@vm.example>\r\n", i));
        }
        int accepted = 0;
        int refused = 0;
        try (RawSmtp s = RawSmtp.greeted(port)) {
            s.line("MAIL FROM:<alice@client.test>");
            s.expect(250);
            s.write(rcpts.toString()); // the server announces PIPELINING: all 1,000 in one write
            for (int i = 0; i < n; i++) {
                String r = s.reply();
                if (r.startsWith("250")) {
                    assertThat(refused).as("no recipient is accepted after the limit was reached").isZero();
                    accepted++;
                } else {
                    // the shipped smtpserver.xml: James's MaxRcptHandler, maxRcpt 100 (RFC 5321 4.5.3.1.8: 452 for
                    // each recipient past the limit; the client sends those later in a new transaction)
                    assertThat(r).startsWith("452 4.5.3");
                    refused++;
                }
            }
            s.line("DATA");
            s.expect(354);
            s.write(mail(token, "a thousand recipients, a hundred taken")).line(".");
            s.expect(250);
        }
        assertThat(accepted).isEqualTo(100);
        assertThat(refused).isEqualTo(n - 100);
        // unknown userids all go to the default user: one reader file carrying the 100 accepted recipients
        SpoolFile f = awaitToken("MAINT", token);
        assertThat(f.recipients()).hasSize(100);
        assertThat(filesWithToken(token)).hasSize(1);
    }

    @Test
    void aFiftyMegabyteMailOverTheSizeLimitIsRefusedWith552() throws Exception {
        String token = token();
        try (RawSmtp s = RawSmtp.greeted(port)) {
            // declared size: refused at once
            s.line("MAIL FROM:<alice@client.test> SIZE=" + 50L * 1024 * 1024);
            assertThat(s.reply()).startsWith("552");
            // undeclared: the data is read and thrown away, the end of data gets 552
            openData(s, "user1@vm.example");
            s.write(header(token, "fifty megabytes"));
            byte[] chunk = ("y".repeat(76) + "\r\n").repeat(1024 * 1024 / 78).getBytes(StandardCharsets.US_ASCII);
            long sent = 0;
            while (sent < 50L * 1024 * 1024) {
                s.write(chunk);
                sent += chunk.length;
            }
            assertThat(sent).isGreaterThan(SIZE_LIMIT_BYTES);
            s.line(".");
            assertThat(s.reply()).startsWith("552");
            s.line("NOOP");
            s.expect(250);
        }
        assertNeverDelivered(token);
    }

    @Test
    void slowClientsDoNotBlockOthersAndAreAnsweredCorrectly() throws Exception {
        int slow = 4;
        ExecutorService pool = Executors.newFixedThreadPool(slow);
        try {
            List<Future<String>> answers = new ArrayList<>();
            for (int i = 0; i < slow; i++) {
                answers.add(pool.submit(() -> {
                    try (RawSmtp s = RawSmtp.greeted(port)) {
                        for (byte b : "NOOP\r\n".getBytes(StandardCharsets.US_ASCII)) {
                            s.write(new byte[] {b});
                            Thread.sleep(1000); // one byte a second
                        }
                        return s.reply();
                    }
                }));
            }
            // meanwhile a normal client is served
            String token = token();
            try (SmtpClient c = new SmtpClient("127.0.0.1", port)) {
                assertThat(c.send("alice@client.test", List.of("user2@vm.example"), mail(token, "beside slow ones")))
                    .isEqualTo(250);
            }
            awaitToken("USER2", token);
            for (Future<String> a : answers) {
                assertThat(a.get(60, TimeUnit.SECONDS)).startsWith("250");
            }
        } finally {
            pool.shutdownNow();
            assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        }
    }

    // ---- helpers ---------------------------------------------------------------------------------------------------

    private static String token() {
        return "hostile-" + UUID.randomUUID();
    }

    private static byte[] header(String token, String subject) {
        return ("From: Alice <alice@client.test>\r\nTo: someone@vm.example\r\nSubject: " + subject + "\r\n"
            + "Message-ID: <" + token + "@client.test>\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] mail(String token, String subject) {
        return concat(header(token, subject), ("Hello.\r\n" + token + "\r\n").getBytes(StandardCharsets.US_ASCII));
    }

    private static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] all = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, all, at, p.length);
            at += p.length;
        }
        return all;
    }

    private static boolean carries(SpoolFile f, String token) {
        try {
            byte[] m = readers.message(f);
            return indexOf(m, token.getBytes(StandardCharsets.US_ASCII)) >= 0;
        } catch (IOException e) {
            throw new IllegalStateException("cannot decode " + f, e);
        }
    }

    /** James adds its Received header on top; everything the client sent follows byte for byte. */
    private static void assertLandedIntact(SpoolFile f, byte[] sent) throws IOException {
        byte[] landed = readers.message(f);
        assertThat(landed.length).isGreaterThanOrEqualTo(sent.length);
        assertThat(new String(landed, 0, landed.length - sent.length, StandardCharsets.ISO_8859_1)).startsWith("Received: ");
        assertThat(Arrays.copyOfRange(landed, landed.length - sent.length, landed.length))
            .as("the message as sent, after the Received header").isEqualTo(sent);
    }

    private static SpoolFile awaitToken(String userid, String token) throws Exception {
        return readers.await(userid, f -> carries(f, token), WAIT);
    }

    private static List<SpoolFile> filesWithToken(String token) throws IOException {
        return readers.all().stream().filter(f -> carries(f, token)).toList();
    }

    /** Nothing carries the token once a mail sent afterwards has landed and the spooler had time to settle. */
    private static void assertNeverDelivered(String token) throws Exception {
        String probe = token();
        try (SmtpClient c = new SmtpClient("127.0.0.1", port)) {
            assertThat(c.send("alice@client.test", List.of("user1@vm.example"), mail(probe, "probe"))).isEqualTo(250);
        }
        awaitToken("USER1", probe);
        Thread.sleep(2000); // mails are processed concurrently: give a refused one a chance to show up
        assertThat(filesWithToken(token)).as("a refused mail must not be delivered").isEmpty();
        assertThat(Arrays.asList(dirContents("mail/error"))).as("nothing in the error repository").isEmpty();
    }

    private static String[] dirContents(String relative) {
        String[] names = dir.resolve(relative).toFile().list();
        return names == null ? new String[0] : names;
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** MAIL FROM alice, one RCPT, DATA: each must be accepted; the message follows. */
    private static void openData(RawSmtp s, String recipient) throws Exception {
        s.line("MAIL FROM:<alice@client.test>");
        s.expect(250);
        s.line("RCPT TO:<" + recipient + ">");
        s.expect(250);
        s.line("DATA");
        s.expect(354);
    }
}
