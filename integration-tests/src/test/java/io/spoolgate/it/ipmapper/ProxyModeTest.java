package io.spoolgate.it.ipmapper;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.spoolgate.ipmapper.proxy.IpMapperServer;
import io.spoolgate.ipmapper.support.ProxyFixture;
import io.spoolgate.it.support.ForkedJames;
import io.spoolgate.it.support.InProcessJames;
import io.spoolgate.it.support.Projects;
import io.spoolgate.it.support.Readers;
import io.spoolgate.it.support.SmtpClient;
import io.spoolgate.it.support.SmtpSink;
import io.spoolgate.it.support.SpoolgateHome;
import io.spoolgate.vmspool.spool.SpoolFile;

/**
 * Proxy mode against a real James with the shipped proxy profile: ipmapper forwards inbound SMTP with a PROXY v2 header
 * so James sees (and judges relay by) the real client address, and James's RemoteDelivery goes out through a transient
 * port; a port shortage makes delivery wait, not fail.
 */
class ProxyModeTest {

    private static final Duration WAIT = Duration.ofSeconds(40);
    private static Path dir;
    private static SpoolgateHome home;
    private static InProcessJames james;
    private static IpMapperServer ipmapper;
    private static SmtpSink sink;
    private static int publicPort;
    private static Path mapping;

    @BeforeAll
    static void start() throws Exception {
        dir = Files.createTempDirectory("spoolgate-proxy-");
        sink = new SmtpSink();
        int direct = ForkedJames.freePort();
        int proxied = ForkedJames.freePort();
        publicPort = ForkedJames.freePort();
        int transient1 = ForkedJames.freePort();

        // ipmapper first: its control port goes into James's pickport settings
        Path conf = Files.createDirectories(dir.resolve("ipmapper"));
        mapping = ProxyFixture.write(conf, "PORT.MAPPING", publicPort + " 127.0.0.1 " + proxied + " TCPIP proxy=v2\n");
        Path ipauth = ProxyFixture.write(conf, "IPAUTH.MAPPING", "127.0.0.1\n");
        ipmapper = ProxyFixture.start(ProxyFixture.loopbackSettings().build(), mapping, ipauth, null);
        System.setProperty("spoolgate.pickport.control.host", "127.0.0.1");
        System.setProperty("spoolgate.pickport.control.port", Integer.toString(ipmapper.controlAddress().getPort()));
        System.setProperty("spoolgate.pickport.timeout.ms", "3000");
        // no transient port yet: outbound delivery must wait (the test adds one later)
        assertThat(ipmapper.freeTransientPorts()).isZero();
        transientPort = transient1;

        home = SpoolgateHome.create(dir.resolve("james"), 0);
        Files.copy(Projects.root().resolve("james-conf/profiles/proxy/smtpserver.xml"),
            home.dir().resolve("conf/smtpserver.xml"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        home.replace("smtpserver.xml", "<bind>127.0.0.1:2525</bind>", "<bind>127.0.0.1:" + direct + "</bind>");
        home.replace("smtpserver.xml", "<bind>127.0.0.1:2526</bind>", "<bind>127.0.0.1:" + proxied + "</bind>");
        // only 127.0.0.1 may relay; 127.0.0.2 plays an Internet client
        // (both listeners)
        home.replace("smtpserver.xml", "<authorizedAddresses>127.0.0.0/8</authorizedAddresses>",
            "<authorizedAddresses>127.0.0.1/32</authorizedAddresses>");
        // what the launcher adds in proxy mode, plus a gateway (the sink) and short retry delays for the test
        home.replace("mailetcontainer.xml", "<outgoing>outgoing</outgoing>", "<outgoing>outgoing</outgoing>\n"
            + "                <mail.smtp.socketFactory.class>io.spoolgate.ipmapper.pickport.PickportSocketFactory</mail.smtp.socketFactory.class>\n"
            + "                <mail.smtp.socketFactory.fallback>false</mail.smtp.socketFactory.fallback>\n"
            + "                <gateway>127.0.0.1</gateway>\n                <gatewayPort>" + sink.port() + "</gatewayPort>");
        home.replace("mailetcontainer.xml", "<delayTime>5 * 1m, 4 * 15m, 6 * 1h, 4 * 6h</delayTime>", "<delayTime>20 * 2s</delayTime>");
        james = InProcessJames.start(home);
        directPort = direct;
    }

    private static int transientPort;
    private static int directPort;

    @AfterAll
    static void stop() throws IOException {
        if (james != null) {
            james.close();
        }
        if (ipmapper != null) {
            ipmapper.close();
        }
        sink.close();
    }

    /** Opens an SMTP conversation from a chosen loopback source address to ipmapper's public port. */
    private static String converse(String source, String... commands) throws IOException {
        try (Socket s = new Socket()) {
            s.bind(new InetSocketAddress(InetAddress.getByName(source), 0));
            s.connect(new InetSocketAddress("127.0.0.1", publicPort), 5000);
            s.setSoTimeout(20_000);
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.ISO_8859_1));
            OutputStream out = s.getOutputStream();
            StringBuilder log = new StringBuilder(readReply(in));
            for (String c : commands) {
                out.write((c + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
                if (!c.equals(".") && (c.startsWith("Subject") || c.startsWith("Message-ID") || c.isEmpty() || c.startsWith("body"))) {
                    continue;
                }
                log.append(readReply(in));
            }
            return log.toString();
        }
    }

    private static String readReply(BufferedReader in) throws IOException {
        StringBuilder b = new StringBuilder();
        for (String line; (line = in.readLine()) != null; ) {
            b.append(line).append('\n');
            if (line.length() < 4 || line.charAt(3) != '-') {
                break;
            }
        }
        return b.toString();
    }

    @Test
    void inboundThroughTheProxyJamesSeesTheRealClientAddress() throws Exception {
        String id = UUID.randomUUID().toString();
        String log = converse("127.0.0.2", "EHLO client.test", "MAIL FROM:<x@example.org>", "RCPT TO:<user1@vm.example>",
            "DATA", "Message-ID: <" + id + "@test>", "", "body", ".", "QUIT");
        assertThat(log).contains("250 2.6.0");
        Readers readers = new Readers(home.spoolRoot());
        SpoolFile f = readers.await("USER1", x -> text(readers, x).contains(id), WAIT);
        assertThat(text(readers, f)).as("the Received header names the original client").contains("[127.0.0.2]");
    }

    @Test
    void aRelayAttemptFromAnUnauthorisedClientIsRefusedThroughTheProxy() throws Exception {
        String refused = converse("127.0.0.2", "EHLO client.test", "MAIL FROM:<x@example.org>",
            "RCPT TO:<someone@remote.example>", "QUIT");
        assertThat(refused).containsPattern("\n5\\d\\d[ -].*\n221");
        // 127.0.0.1 is authorised: the same attempt through the proxy is accepted
        String allowed = converse("127.0.0.1", "EHLO client.test", "MAIL FROM:<x@example.org>",
            "RCPT TO:<someone@remote.example>", "RSET", "QUIT");
        assertThat(allowed).contains("250 2.1.5");
    }

    @Test
    void outboundGoesThroughATransientPortAndWaitsWhileNoneIsFree() throws Exception {
        String id = UUID.randomUUID().toString();
        try (SmtpClient smtp = new SmtpClient("127.0.0.1", directPort)) {
            assertThat(smtp.send("user1@vm.example", java.util.List.of("far@remote.example"),
                ("Message-ID: <" + id + "@test>\r\nSubject: out\r\n\r\nbody\r\n").getBytes(StandardCharsets.ISO_8859_1)))
                .isEqualTo(250);
        }
        Thread.sleep(6000);
        assertThat(sink.received()).noneMatch(r -> r.data().contains(id));
        Readers readers = new Readers(home.spoolRoot());
        assertThat(readers.list("USER1")).as("no bounce for a port shortage").noneMatch(f -> text(readers, f).contains(id));

        ProxyFixture.write(mapping.getParent(), "PORT.MAPPING",
            publicPort + " 127.0.0.1 " + Files.readString(mapping).split("\\s+")[2] + " TCPIP proxy=v2\n" + transientPort + " FREE\n");
        ipmapper.reload();
        assertThat(ipmapper.freeTransientPorts()).isEqualTo(1);
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (sink.received().stream().noneMatch(r -> r.data().contains(id)) && System.nanoTime() < deadline) {
            Thread.sleep(250);
        }
        assertThat(sink.received()).filteredOn(r -> r.data().contains(id)).singleElement()
            .satisfies(r -> assertThat(r.to()).containsExactly("far@remote.example"));
    }

    private static String text(Readers readers, SpoolFile f) {
        try {
            return new String(readers.message(f), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
