package io.spoolgate.it.foundation;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import io.spoolgate.it.support.ForkedJames;
import io.spoolgate.it.support.Readers;
import io.spoolgate.it.support.SpoolgateHome;
import io.spoolgate.vmspool.spool.SpoolFile;

/**
 * Crash safety under load: 5,000 mails sent over 4 connections while the James JVM is killed with {@code kill -9} at
 * random points at least 5 times and started again each time on the same working directory (durable journal
 * queue, NETDATA punching into the directory readers of the shipped configuration).
 *
 * <p>Each mail's fate is what its client saw: {@code 250} after the end of data (accepted), another reply
 * (refused), or the connection lost after the final dot was written and before a reply (in doubt: the server may
 * have taken it — RFC 5321 §4.1.1.4 lets it be delivered once). A transaction that broke before the final dot is
 * sent again. At the end every accepted mail is in a reader exactly once with the body it was sent with (SHA-256),
 * no refused mail is anywhere, and no in-doubt mail is there twice. Nothing is asserted about speed.
 *
 * <p>{@code -Dcrash.mails=N -Dcrash.kills=K} change the size for a longer local run.
 */
class RepeatedCrashTest {

    private static final int MAILS = Integer.getInteger("crash.mails", 5000);
    private static final int KILLS = Integer.getInteger("crash.kills", 5);
    private static final int CONNECTIONS = 4;
    private static final Duration START = Duration.ofSeconds(120);
    private static final Pattern MESSAGE_ID = Pattern.compile("Message-ID: <rc-(\\d+)@test>");

    private enum Fate { ACCEPTED, REFUSED, IN_DOUBT }

    @Test
    void everyAcceptedMailLandsExactlyOnceThroughRepeatedKillMinus9() throws Exception {
        Path dir = Files.createTempDirectory("spoolgate-crashes-");
        int port = ForkedJames.freePort();
        SpoolgateHome home = SpoolgateHome.create(dir, port);
        // scanning has its own outage test on the durable queue (ScannerOutageTest); here spamd would set the pace
        home.replace("mailetcontainer.xml", "<processor>scan</processor>", "<processor>transport</processor>");
        // fewer spooler threads than shipped, so that mail piles up in the queue and the kills find it there
        home.replace("mailetcontainer.xml", "<threads>20</threads>", "<threads>4</threads>");
        // the shipped RFC 2505 exit allows 100 mails per connection and 60 connections a minute per client address;
        // this test reconnects after every kill and sends 5,000 mails from one address, which is not what it tests
        home.replace("smtpserver.xml", "<param name=\"maxRecipients\" value=\"0\"/>",
            "<param name=\"maxRecipients\" value=\"0\"/><param name=\"maxMessagesPerConnection\" value=\"0\"/>"
                + "<param name=\"maxConnectionsPerMinute\" value=\"0\"/>");
        Readers readers = new Readers(home.spoolRoot());

        String[] digests = new String[MAILS];
        AtomicReferenceArray<Fate> fates = new AtomicReferenceArray<>(MAILS);
        AtomicInteger next = new AtomicInteger();
        ConcurrentLinkedQueue<Integer> resend = new ConcurrentLinkedQueue<>();
        AtomicInteger accepted = new AtomicInteger();
        AtomicInteger retried = new AtomicInteger();
        Random random = new Random(20261124L);
        List<Integer> deliveredAtKills = new ArrayList<>();

        ForkedJames james = ForkedJames.start(home, port, START);
        ExecutorService pool = Executors.newFixedThreadPool(CONNECTIONS);
        try {
            List<Future<?>> senders = new ArrayList<>();
            for (int c = 0; c < CONNECTIONS; c++) {
                senders.add(pool.submit(() -> {
                    send(port, next, resend, fates, digests, accepted, retried);
                    return null;
                }));
            }
            for (int kill = 1; kill <= KILLS; kill++) {
                // a random point in the kill-th slice of the run
                int slice = MAILS / (KILLS + 1);
                int at = slice * kill - slice / 2 + random.nextInt(slice);
                while (accepted.get() < at && !allDone(senders)) {
                    Thread.sleep(5);
                }
                Thread.sleep(random.nextInt(300));
                james.kill();
                deliveredAtKills.add(readers.all().size());
                james = ForkedJames.start(home, port, START);
            }
            for (Future<?> sender : senders) {
                sender.get();
            }
        } finally {
            pool.shutdownNow();
        }

        try {
            int acceptedCount = count(fates, Fate.ACCEPTED);
            int inDoubt = count(fates, Fate.IN_DOUBT);
            readers.awaitCount(acceptedCount, Duration.ofSeconds(600));
            int settled = -1;
            for (int stable = 0; stable < 5; ) { // wait until the queue has drained: no new reader file for 5 s
                Thread.sleep(1000);
                int now = readers.all().size();
                stable = now == settled ? stable + 1 : 0;
                settled = now;
            }
            Map<Integer, Integer> landed = new HashMap<>();
            for (SpoolFile f : readers.all()) {
                byte[] message = readers.message(f);
                Matcher m = MESSAGE_ID.matcher(new String(message, StandardCharsets.ISO_8859_1));
                assertThat(m.find()).as("reader file %s carries a test mail", f.key()).isTrue();
                int i = Integer.parseInt(m.group(1));
                landed.merge(i, 1, Integer::sum);
                assertThat(sha256(body(message))).as("body of mail %d as delivered", i).isEqualTo(digests[i]);
            }
            String summary = String.format("mails %d, accepted %d, refused %d, in doubt %d, transactions broken before the final dot and sent again %d, "
                    + "kills %d (reader files at each kill %s), reader files %d", MAILS, acceptedCount,
                count(fates, Fate.REFUSED), inDoubt, retried.get(), KILLS, deliveredAtKills, landed.size());
            System.out.println("RepeatedCrashTest: " + summary);
            for (int i = 0; i < MAILS; i++) {
                int times = landed.getOrDefault(i, 0);
                Fate fate = fates.get(i);
                assertThat(fate).as("mail %d was sent to the end (%s)", i, summary).isNotNull();
                switch (fate) {
                    case ACCEPTED -> assertThat(times).as("accepted mail %d delivered (%s)", i, summary).isEqualTo(1);
                    case REFUSED -> assertThat(times).as("refused mail %d delivered (%s)", i, summary).isZero();
                    case IN_DOUBT -> assertThat(times).as("in-doubt mail %d delivered (%s)", i, summary).isLessThanOrEqualTo(1);
                }
            }
            assertThat(deliveredAtKills).as("the kills hit a run in progress").allMatch(n -> n < acceptedCount);
        } finally {
            james.close();
        }
    }

    private static boolean allDone(List<Future<?>> senders) {
        return senders.stream().allMatch(Future::isDone);
    }

    private static int count(AtomicReferenceArray<Fate> fates, Fate fate) {
        int n = 0;
        for (int i = 0; i < fates.length(); i++) {
            if (fates.get(i) == fate) {
                n++;
            }
        }
        return n;
    }

    /** One sending connection: takes mails until all are sent, reconnecting while James is down. */
    private static void send(int port, AtomicInteger next, ConcurrentLinkedQueue<Integer> resend,
                             AtomicReferenceArray<Fate> fates, String[] digests, AtomicInteger accepted,
                             AtomicInteger retried) throws Exception {
        RawClient client = null;
        long idleDeadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
        while (true) {
            Integer again = resend.poll();
            int i = again != null ? again : next.getAndIncrement();
            if (i >= MAILS) {
                if (client != null) {
                    client.close();
                }
                return;
            }
            byte[] message = message(i);
            digests[i] = sha256(body(message));
            boolean dotWritten = false;
            try {
                if (client == null) {
                    client = new RawClient(port);
                }
                client.expect("MAIL FROM:<crash@example.org>", 250);
                client.expect("RCPT TO:<" + (i % 2 == 0 ? "user1" : "user2") + "@vm.example>", 250);
                client.expect("DATA", 354);
                client.out.write(new String(message, StandardCharsets.US_ASCII).replace("\r\n.", "\r\n..")
                    .getBytes(StandardCharsets.US_ASCII));
                dotWritten = true;
                client.out.write(".\r\n".getBytes(StandardCharsets.US_ASCII));
                client.out.flush();
                String reply = client.reply();
                if (reply.startsWith("250")) {
                    fates.set(i, Fate.ACCEPTED);
                    accepted.incrementAndGet();
                } else {
                    fates.set(i, Fate.REFUSED);
                }
                idleDeadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
            } catch (IOException e) {
                if (client != null) {
                    client.close();
                    client = null;
                }
                if (dotWritten) {
                    fates.set(i, Fate.IN_DOUBT);
                } else {
                    retried.incrementAndGet();
                    resend.add(i); // nothing was accepted: send it again once James is back
                }
                if (System.nanoTime() > idleDeadline) {
                    throw new IllegalStateException("no mail went through for 10 minutes", e);
                }
                Thread.sleep(100);
            }
        }
    }

    /** A mail of about 3 KB whose body (with lines starting with dots) is unique to {@code i}. */
    private static byte[] message(int i) {
        StringBuilder m = new StringBuilder();
        m.append("Message-ID: <rc-").append(i).append("@test>\r\n")
            .append("From: crash@example.org\r\nSubject: crash run ").append(i).append("\r\n\r\n");
        Random r = new Random(i);
        for (int line = 0; line < 40; line++) {
            if (line % 13 == 0) {
                m.append(".leading dot ");
            }
            for (int w = 0; w < 8; w++) {
                m.append(Long.toString(r.nextLong() & Long.MAX_VALUE, 36)).append(' ');
            }
            m.append("\r\n");
        }
        return m.toString().getBytes(StandardCharsets.US_ASCII);
    }

    /** The body: what follows the header's blank line. */
    private static byte[] body(byte[] message) {
        String s = new String(message, StandardCharsets.ISO_8859_1);
        int at = s.indexOf("\r\n\r\n");
        return s.substring(at + 4).getBytes(StandardCharsets.ISO_8859_1);
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Just enough SMTP to see where a transaction broke. */
    private static final class RawClient implements AutoCloseable {
        private final Socket socket = new Socket();
        private final InputStream in;
        private final OutputStream out;

        RawClient(int port) throws IOException {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            socket.setSoTimeout(60_000);
            in = new BufferedInputStream(socket.getInputStream());
            out = socket.getOutputStream();
            if (!reply().startsWith("220")) {
                throw new IOException("no greeting");
            }
            expect("EHLO crash.test", 250);
        }

        void expect(String command, int code) throws IOException {
            out.write((command + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String reply = reply();
            if (!reply.startsWith(Integer.toString(code))) {
                throw new IOException(command + " -> " + reply);
            }
        }

        String reply() throws IOException {
            while (true) {
                ByteArrayOutputStream line = new ByteArrayOutputStream();
                for (int c; (c = in.read()) != '\n'; ) {
                    if (c == -1) {
                        throw new IOException("connection closed");
                    }
                    line.write(c);
                }
                String s = line.toString(StandardCharsets.US_ASCII);
                if (s.length() < 4 || s.charAt(3) != '-') {
                    return s;
                }
            }
        }

        @Override
        public void close() {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing a dead connection
            }
        }
    }
}
