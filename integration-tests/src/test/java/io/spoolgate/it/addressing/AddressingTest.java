package io.spoolgate.it.addressing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.spoolgate.it.support.InProcessJames;
import io.spoolgate.it.support.Readers;
import io.spoolgate.it.support.SmtpSink;
import io.spoolgate.it.support.SpoolgateHome;
import io.spoolgate.vmspool.spool.DeliveryFormat;
import io.spoolgate.vmspool.spool.SpoolFile;

/**
 * Addressing against a real James 3.8.1 with the shipped configuration plus the addressing wiring
 * ({@link AddressingWiring}): MAPUSER through every strategy (a real slapd for LDAP), several domains, unknown users,
 * the webadmin route, masquerading of every header kind, host access at connect and behind a PROXY-protocol proxy,
 * relay control (networks, STARTTLS + AUTH) and an open-relay matrix.
 *
 * <p>Loopback plays the networks: 127.0.0.1 and 127.0.0.2 are authorised relay networks (test
 * {@code authorizedAddresses}), 127.0.0.3 is "the Internet", 127.0.0.66 is on the host access deny list.
 */
class AddressingTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String OUTSIDE = "127.0.0.3";
    private static final String ALLOWED_NET = "127.0.0.2";
    private static final String DENIED_HOST = "127.0.0.66";

    private static Path dir;
    private static Slapd slapd;
    private static SmtpSink sink;
    private static SpoolgateHome home;
    private static InProcessJames james;
    private static Readers readers;
    private static int proxyPort;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(Slapd.available(), "slapd (Debian packages slapd, ldap-utils) is needed for this test");
        dir = Files.createTempDirectory("spoolgate-addressing-");
        slapd = Slapd.start(dir.resolve("ldap"), """
            dn: uid=jroe,dc=vm,dc=example
            objectClass: inetOrgPerson
            objectClass: vmUser
            uid: jroe
            cn: Jane Roe
            sn: Roe
            mail: jane.roe@vm.example
            vmuserid: USER4
            """);
        sink = new SmtpSink();
        home = SpoolgateHome.create(dir.resolve("james"), 0);
        AddressingWiring.apply(home);
        // test-only changes: relay gateway = the sink, narrower relay networks, STARTTLS with a throw-away key,
        // a second listener that requires the PROXY protocol
        home.replace("mailetcontainer.xml", "<outgoing>outgoing</outgoing>", "<outgoing>outgoing</outgoing>\n"
            + "                <gateway>127.0.0.1</gateway>\n                <gatewayPort>" + sink.port() + "</gatewayPort>");
        home.replace("smtpserver.xml", "<authorizedAddresses>127.0.0.0/8</authorizedAddresses>",
            "<authorizedAddresses>127.0.0.1/32, 127.0.0.2/32</authorizedAddresses>");
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            proxyPort = s.getLocalPort();
        }
        addProxyListener(home.dir().resolve("conf/smtpserver.xml"), proxyPort);
        bypassScanning(home.dir().resolve("conf/mailetcontainer.xml"));
        Path conf = home.dir().resolve("conf");
        Files.writeString(conf.resolve("vmusers"), "MAINT\nUSER1\nUSER2\nUSER3\n");
        Files.writeString(conf.resolve("mapuser.aliases"), "john.doe  USER3  bsmtp  NOTE\n");
        Files.writeString(conf.resolve("hostaccess"), "deny " + DENIED_HOST + "\ndeny 2001:db8::/32\ndefault allow\n");
        Files.writeString(conf.resolve("mapuser.properties"), String.join("\n",
            "chain=alias-table, alias-file, ldap, default",
            "chain.list.example=mailer",
            "mailer.list.example=LISTSERV",
            "unknownUsers.reject.example=reject",
            "ldap.url=" + slapd.url(),
            "ldap.baseDn=" + Slapd.SUFFIX,
            "ldap.bindDn=" + Slapd.ADMIN_DN,
            "ldap.bindPassword=" + Slapd.ADMIN_PASSWORD,
            "ldap.filter=(mail={0})",
            "ldap.attribute=vmuserid",
            "ldap.connectTimeout=1s",
            "ldap.readTimeout=1s",
            ""));
        james = InProcessJames.start(home);
        readers = new Readers(home.spoolRoot());
        for (String domain : List.of("list.example", "reject.example")) {
            assertThat(webadmin("PUT", "/domains/" + domain, null).statusCode()).isEqualTo(204);
        }
        assertThat(webadmin("PUT", "/address/aliases/user2@vm.example/sources/sales@vm.example", null).statusCode())
            .isEqualTo(204);
        assertThat(webadmin("PUT", "/users/alice@vm.example", "{\"password\":\"alice-secret\"}").statusCode())
            .isEqualTo(204);
    }

    @AfterAll
    static void stop() throws Exception {
        if (james != null) {
            james.close();
        }
        if (sink != null) {
            sink.close();
        }
        if (slapd != null) {
            slapd.close();
        }
        if (dir != null) {
            try (java.util.stream.Stream<Path> files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static void addProxyListener(Path smtpserverXml, int port) throws Exception {
        String xml = Files.readString(smtpserverXml);
        int start = xml.indexOf("<smtpserver enabled=\"true\">");
        int end = xml.indexOf("</smtpserver>") + "</smtpserver>".length();
        String proxy = xml.substring(start, end)
            .replace("<jmxName>smtpserver</jmxName>", "<jmxName>smtpserver-proxy</jmxName>")
            .replaceFirst("<bind>127\\.0\\.0\\.1:\\d+</bind>", "<bind>127.0.0.1:" + port + "</bind>\n"
                + "        <proxyRequired>true</proxyRequired>");
        Files.writeString(smtpserverXml, xml.substring(0, end) + "\n    " + proxy + xml.substring(end));
    }

    /** Content scanning (tested on its own with clamd and spamd) is not what this test is about: root goes to transport. */
    private static void bypassScanning(Path mailetcontainerXml) throws Exception {
        String xml = Files.readString(mailetcontainerXml);
        String scan = "<processor>scan</processor>";
        int at = xml.indexOf(scan);
        if (at >= 0) {
            Files.writeString(mailetcontainerXml, xml.substring(0, at) + "<processor>transport</processor>"
                + xml.substring(at + scan.length()));
        }
    }

    private static HttpResponse<String> webadmin(String method, String path, String body) throws Exception {
        return webadmin(method, path, body, true);
    }

    private static HttpResponse<String> webadmin(String method, String path, String body, boolean authenticated)
        throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + james.webadminPort() + path))
            .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (authenticated) {
            b.header("Authorization", "Bearer " + home.jwt().adminToken("admin@vm.example"));
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String message(String from, String to, String subject, String body) {
        return "From: " + from + "\r\nTo: " + to + "\r\nSubject: " + subject
            + "\r\nMessage-ID: <" + UUID.randomUUID() + "@client.test>\r\n\r\n" + body;
    }

    private static ClientSession hello(String local, int port) throws Exception {
        ClientSession s = new ClientSession(local, port);
        assertThat(ClientSession.code(s.reply())).isEqualTo(220);
        assertThat(ClientSession.code(s.command("EHLO client.test"))).isEqualTo(250);
        return s;
    }

    // ---------------------------------------------------------------- MAPUSER

    @Test
    void eachStrategyRoutesItsRecipientToTheRightReader() throws Exception {
        String sender = "map-" + UUID.randomUUID().toString().substring(0, 8) + "@client.test";
        List<String> rcpts = List.of("user1@vm.example", "sales@vm.example", "john.doe@vm.example",
            "jane.roe@vm.example", "news@list.example", "nobody.here@vm.example");
        try (ClientSession s = hello(OUTSIDE, james.smtpPort())) {
            assertThat(ClientSession.code(s.command("MAIL FROM:<" + sender + ">"))).isEqualTo(250);
            for (String rcpt : rcpts) {
                assertThat(s.command("RCPT TO:<" + rcpt + ">")).as(rcpt).startsWith("250");
            }
            assertThat(s.data(message(sender, "many@vm.example", "mapping", "hello readers\r\n"))).startsWith("250");
        }
        SpoolFile user1 = readers.await("USER1", f -> f.sender().equals(sender), WAIT);
        assertThat(user1.format()).isEqualTo(DeliveryFormat.NETDATA);
        assertThat(user1.fileType()).isEqualTo("MAIL");
        SpoolFile user2 = readers.await("USER2", f -> f.sender().equals(sender), WAIT); // RRT alias sales -> user2
        assertThat(user2.recipients()).contains("user2@vm.example");
        SpoolFile user3 = readers.await("USER3", f -> f.sender().equals(sender), WAIT); // alias file, bsmtp NOTE
        assertThat(user3.format()).isEqualTo(DeliveryFormat.BSMTP);
        assertThat(user3.fileType()).isEqualTo("NOTE");
        assertThat(user3.recipients()).containsExactly("john.doe@vm.example");
        SpoolFile user4 = readers.await("USER4", f -> f.sender().equals(sender), WAIT); // LDAP
        assertThat(user4.recipients()).containsExactly("jane.roe@vm.example");
        SpoolFile listserv = readers.await("LISTSERV", f -> f.sender().equals(sender), WAIT); // MAILER, own domain
        assertThat(listserv.format()).isEqualTo(DeliveryFormat.BSMTP);
        assertThat(listserv.recipients()).containsExactly("news@list.example");
        SpoolFile maint = readers.await("MAINT", f -> f.sender().equals(sender), WAIT); // unknown -> default user
        assertThat(maint.recipients()).containsExactly("nobody.here@vm.example");
        assertThat(new String(readers.message(user4), StandardCharsets.UTF_8)).contains("hello readers");
    }

    @Test
    void unknownUsersOfARejectingDomainGet550AtRcptTimeAndKnownOnesAreAccepted() throws Exception {
        try (ClientSession s = hello(OUTSIDE, james.smtpPort())) {
            assertThat(ClientSession.code(s.command("MAIL FROM:<someone@client.test>"))).isEqualTo(250);
            String refused = s.command("RCPT TO:<nobody@reject.example>");
            assertThat(refused).startsWith("550 5.1.1").contains("nobody@reject.example").contains("no such VM user");
            assertThat(s.command("RCPT TO:<user1@reject.example>")).startsWith("250");
            assertThat(s.command("RCPT TO:<nobody@vm.example>")).startsWith("250"); // vm.example: default user
        }
    }

    @Test
    void webadminTellsWhereAnAddressWouldGoAndWhichStrategyAnswered() throws Exception {
        assertThat(webadmin("GET", "/spoolgate/mapuser/user1@vm.example", null).body())
            .contains("\"userid\":\"USER1\"", "\"format\":\"netdata\"", "\"fileType\":\"MAIL\"", "\"strategy\":\"default\"");
        assertThat(webadmin("GET", "/spoolgate/mapuser/sales@vm.example", null).body())
            .contains("\"userid\":\"USER2\"", "\"strategy\":\"alias-table\"");
        assertThat(webadmin("GET", "/spoolgate/mapuser/john.doe@vm.example", null).body())
            .contains("\"userid\":\"USER3\"", "\"format\":\"bsmtp\"", "\"fileType\":\"NOTE\"", "\"strategy\":\"alias-file\"");
        assertThat(webadmin("GET", "/spoolgate/mapuser/jane.roe@vm.example", null).body())
            .contains("\"userid\":\"USER4\"", "\"strategy\":\"ldap\"");
        assertThat(webadmin("GET", "/spoolgate/mapuser/news@list.example", null).body())
            .contains("\"userid\":\"LISTSERV\"", "\"format\":\"bsmtp\"", "\"strategy\":\"mailer\"");
        assertThat(webadmin("GET", "/spoolgate/mapuser/zz@vm.example", null).body())
            .contains("\"userid\":\"MAINT\"", "\"strategy\":\"default-user\"", "\"unknownUser\":true",
                "\"rejectedAtRcpt\":false");
        assertThat(webadmin("GET", "/spoolgate/mapuser/zz@reject.example", null).body())
            .contains("\"rejectedAtRcpt\":true");
        assertThat(webadmin("GET", "/spoolgate/mapuser/x@elsewhere.example", null).statusCode()).isEqualTo(404);
        assertThat(webadmin("GET", "/spoolgate/mapuser/" + URLEncoder.encode("not an address", StandardCharsets.UTF_8),
            null).statusCode()).isEqualTo(400);
        assertThat(webadmin("GET", "/spoolgate/mapuser/user1@vm.example", null, false).statusCode()).isEqualTo(401);
    }

    // ---------------------------------------------------------------- masquerading

    @Test
    void masqueradingRewritesEveryHeaderKindAndTheEnvelopeButNotTheBody() throws Exception {
        String marker = UUID.randomUUID().toString();
        String body = "Body keeps user@host.vm.example and USER1 AT VMNODE untouched.\r\n"
            + "=?UTF-8?Q?not_a_header?= <x@y.vm.example>\r\n" + marker + "\r\n";
        String headers = String.join("\r\n",
            "From: =?UTF-8?Q?J=C3=BCrgen_M=C3=BCller?= (IT) <juergen@host1.sub.vm.example>",
            "Sender: USER1 AT VMNODE",
            "Reply-To: \"Doe, John \\\"JD\\\"\" <\"john doe\"@mail.vm.example>",
            "To: Team: a@h1.vm.example, \"B, Jr.\" <b@h2.vm.example>;, remote@elsewhere.example",
            "Cc: USER3, postmaster@host.vm.example,",
            " root@host.vm.example (kept)",
            "Return-Path: <bounces@relay.vm.example>",
            "Message-ID: <" + marker + "@node7.vm.example>",
            "Subject: masquerade " + marker,
            "", "");
        try (ClientSession s = hello("127.0.0.1", james.smtpPort())) {
            assertThat(ClientSession.code(s.command("MAIL FROM:<juergen@host1.sub.vm.example>"))).isEqualTo(250);
            assertThat(s.command("RCPT TO:<remote@elsewhere.example>")).startsWith("250");
            assertThat(s.data(headers + body)).startsWith("250");
        }
        SmtpSink.Received got = awaitSink(r -> r.data().contains(marker));
        assertThat(got.from()).isEqualTo("juergen@vm.example");
        assertThat(got.to()).containsExactly("remote@elsewhere.example");
        String data = got.data();
        String head = data.substring(0, data.indexOf("\r\n\r\n") + 2);
        assertThat(head)
            .contains("From: =?UTF-8?Q?J=C3=BCrgen_M=C3=BCller?= (IT) <juergen@vm.example>\r\n")
            .contains("Sender: USER1@vm.example\r\n")
            .contains("Reply-To: \"Doe, John \\\"JD\\\"\" <\"john doe\"@vm.example>\r\n")
            .contains("To: Team: a@vm.example, \"B, Jr.\" <b@vm.example>;, remote@elsewhere.example\r\n")
            .contains("Cc: USER3@vm.example, postmaster@host.vm.example,\r\n root@host.vm.example (kept)\r\n")
            .contains("Message-ID: <" + marker + "@vm.example>\r\n")
            .contains("Subject: masquerade " + marker + "\r\n");
        assertThat(head).doesNotContain("relay.vm.example>");
        assertThat(data.substring(data.indexOf("\r\n\r\n") + 4)).isEqualTo(body);
    }

    private static SmtpSink.Received awaitSink(java.util.function.Predicate<SmtpSink.Received> condition)
        throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            for (SmtpSink.Received r : sink.received()) {
                if (condition.test(r)) {
                    return r;
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("nothing matching arrived at the sink; got " + sink.received().size() + " mails");
    }

    // ---------------------------------------------------------------- host access

    @Test
    void aDeniedHostGets554AtConnectAndIsDisconnected() throws Exception {
        try (ClientSession s = new ClientSession(DENIED_HOST, james.smtpPort())) {
            String greeting = s.reply();
            assertThat(greeting).startsWith("554 5.7.1").contains(DENIED_HOST);
            assertThat(s.closedByServer()).isTrue();
        }
        try (ClientSession s = new ClientSession(OUTSIDE, james.smtpPort())) {
            assertThat(s.reply()).startsWith("220 vm.example");
        }
    }

    @Test
    void behindTheProxyTheRealClientIsCheckedAtHeloAndMail() throws Exception {
        for (String header : List.of("PROXY TCP4 " + DENIED_HOST + " 127.0.0.1 40000 25\r\n",
            "PROXY TCP6 2001:db8::66 ::1 40000 25\r\n")) {
            try (ClientSession s = new ClientSession("127.0.0.1", proxyPort)) {
                s.raw(header);
                assertThat(s.reply()).as("greeting goes to the proxy").startsWith("220");
                String helo = s.command("EHLO client.test");
                assertThat(helo).as(header).startsWith("554 5.7.1");
                assertThat(s.closedByServer()).isTrue();
            }
        }
        try (ClientSession s = new ClientSession("127.0.0.1", proxyPort)) {
            s.raw("PROXY TCP4 " + DENIED_HOST + " 127.0.0.1 40000 25\r\n");
            s.reply();
            // a client that skips HELO does not get past MAIL either (James wants HELO first; the hook checks MAIL too)
            assertThat(s.command("MAIL FROM:<x@client.test>")).startsWith("5");
            assertThat(s.command("RCPT TO:<user1@vm.example>")).startsWith("5");
        }
        try (ClientSession s = new ClientSession("127.0.0.1", proxyPort)) {
            s.raw("PROXY TCP4 198.51.100.20 127.0.0.1 40000 25\r\n");
            assertThat(s.reply()).startsWith("220");
            assertThat(s.command("EHLO client.test")).startsWith("250");
            assertThat(s.command("MAIL FROM:<x@client.test>")).startsWith("250");
            assertThat(s.command("RCPT TO:<victim@elsewhere.example>")).as("proxied outsider may not relay").startsWith("5");
        }
    }

    // ---------------------------------------------------------------- relay

    @Test
    void relayIsRefusedFromOutsideAndAcceptedFromAnAllowedNetwork() throws Exception {
        try (ClientSession s = hello(OUTSIDE, james.smtpPort())) {
            assertThat(ClientSession.code(s.command("MAIL FROM:<a@client.test>"))).isEqualTo(250);
            assertThat(s.command("RCPT TO:<victim@elsewhere.example>")).startsWith("550 5.7.1");
        }
        String marker = UUID.randomUUID().toString();
        try (ClientSession s = hello(ALLOWED_NET, james.smtpPort())) {
            assertThat(ClientSession.code(s.command("MAIL FROM:<a@client.test>"))).isEqualTo(250);
            assertThat(s.command("RCPT TO:<friend@elsewhere.example>")).startsWith("250");
            assertThat(s.data(message("a@client.test", "friend@elsewhere.example", marker, "relayed\r\n")))
                .startsWith("250");
        }
        assertThat(awaitSink(r -> r.data().contains(marker)).to()).containsExactly("friend@elsewhere.example");
    }

    @Test
    void authenticatedUsersRelayOnlyAfterStartTls() throws Exception {
        try (ClientSession s = hello(OUTSIDE, james.smtpPort())) {
            String refused = s.command("AUTH PLAIN " + ClientSession.plain("alice@vm.example", "alice-secret"));
            assertThat(refused).startsWith("538 5.7.11");
            assertThat(ClientSession.code(s.command("MAIL FROM:<alice@vm.example>"))).isEqualTo(250);
            assertThat(s.command("RCPT TO:<victim@elsewhere.example>")).startsWith("550 5.7.1");
        }
        String marker = UUID.randomUUID().toString();
        try (ClientSession s = hello(OUTSIDE, james.smtpPort())) {
            s.startTls();
            assertThat(s.command("EHLO client.test")).contains("AUTH");
            assertThat(s.command("AUTH PLAIN " + ClientSession.plain("alice@vm.example", "wrong"))).startsWith("535");
            assertThat(s.command("AUTH PLAIN " + ClientSession.plain("alice@vm.example", "alice-secret"))).startsWith("235");
            assertThat(ClientSession.code(s.command("MAIL FROM:<alice@vm.example>"))).isEqualTo(250);
            assertThat(s.command("RCPT TO:<friend@elsewhere.example>")).startsWith("250");
            assertThat(s.data(message("alice@vm.example", "friend@elsewhere.example", marker, "authenticated\r\n")))
                .startsWith("250");
        }
        assertThat(awaitSink(r -> r.data().contains(marker)).to()).containsExactly("friend@elsewhere.example");
    }

    /** Classic relay tricks (RFC 2505, relay testers): every one refused at RCPT for a client outside. */
    static List<String> relayTricks() {
        return List.of(
            "victim@elsewhere.example",
            "victim%elsewhere.example@vm.example",
            "victim%elsewhere.example@[127.0.0.1]",
            "\"victim@elsewhere.example\"@vm.example",
            "\"victim%elsewhere.example\"@vm.example",
            "victim@elsewhere.example@vm.example",
            "@vm.example:victim@elsewhere.example",
            "@vm.example,@vm.example:victim@elsewhere.example",
            "elsewhere.example!victim@vm.example",
            "elsewhere.example!victim",
            "victim@elsewhere.example.",
            "victim@vm.example.elsewhere.example",
            "victim@[192.0.2.1]",
            "victim@[127.0.0.1]",
            "victim%elsewhere.example",
            "victim@elsewhere.example%vm.example",
            "\"victim\"@elsewhere.example",
            "victim@ELSEWHERE.example",
            "victim%elsewhere.example%vm.example@vm.example",
            "elsewhere.example!victim%vm.example@vm.example",
            "victim@localhost.elsewhere.example",
            "victim@vm.example@elsewhere.example",
            "vm.example!elsewhere.example!victim@vm.example",
            "\"victim@elsewhere.example\"",
            "victim(comment)@elsewhere.example");
    }

    @Test
    void openRelayMatrixIsRefusedEveryTime() throws Exception {
        List<String> accepted = new ArrayList<>();
        String marker = UUID.randomUUID().toString();
        for (String trick : relayTricks()) {
            try (ClientSession s = hello(OUTSIDE, james.smtpPort())) {
                assertThat(ClientSession.code(s.command("MAIL FROM:<spammer@client.test>"))).isEqualTo(250);
                String reply = s.command("RCPT TO:<" + trick + ">");
                System.out.printf("relay trick %-55s -> %s%n", trick, reply.strip());
                if (ClientSession.code(reply) < 500) {
                    accepted.add(trick + " -> " + reply.strip());
                    s.data(message("spammer@client.test", "victim@elsewhere.example", "relay " + trick, marker + "\r\n"));
                }
            }
        }
        assertThat(relayTricks()).hasSizeGreaterThanOrEqualTo(20);
        assertThat(accepted).as("relay tricks accepted").isEmpty();
        Thread.sleep(1000);
        assertThat(sink.received()).noneMatch(r -> r.data().contains(marker));
    }
}
