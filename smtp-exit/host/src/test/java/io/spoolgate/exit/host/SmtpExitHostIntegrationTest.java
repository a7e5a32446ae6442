package io.spoolgate.exit.host;

import io.spoolgate.exit.MessageView;
import io.spoolgate.exit.SpoolEnvelope;
import io.spoolgate.exit.Verdict;
import io.spoolgate.exit.host.support.ExitHostProbe;
import io.spoolgate.exit.host.support.ExitHostServer;
import io.spoolgate.exit.host.support.JwtKeys;
import io.spoolgate.exit.host.support.SmtpTestClient;
import io.spoolgate.exit.host.support.SmtpTestClient.Reply;
import io.spoolgate.exit.host.support.TestJars;
import io.spoolgate.exit.host.testexits.ScriptedExit;
import org.apache.james.GuiceJamesServer;
import org.apache.james.JamesServerExtension;
import org.apache.james.mailrepository.api.MailRepositoryUrl;
import org.apache.james.modules.protocols.SmtpGuiceProbe;
import org.apache.james.utils.MailRepositoryProbeImpl;
import org.apache.james.utils.WebAdminGuiceProbe;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.lang.ref.WeakReference;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** The exit host inside a real James 3.8.1, driven over real SMTP on loopback and over webadmin. */
class SmtpExitHostIntegrationTest {
    private static final JwtKeys KEYS = JwtKeys.generate();
    private static final MailRepositoryUrl RECEIVED = MailRepositoryUrl.from("memory://var/mail/received/");
    private static final String PROBE = "probe";

    @RegisterExtension
    static JamesServerExtension james = ExitHostServer.extension(KEYS);

    private ExitRegistry registry;
    private HostSettings configured;
    private int smtpPort;

    @BeforeEach
    void setUp(GuiceJamesServer server) {
        registry = server.getProbe(ExitHostProbe.class).registry();
        configured = registry.invoker().settings();
        generousBudget();
        smtpPort = server.getProbe(SmtpGuiceProbe.class).getSmtpPort().getValue();
        ScriptedExit.CALLS.clear();
    }

    @AfterEach
    void stopExits() {
        registry.configure(configured);
        for (ExitStatus status : registry.statuses()) {
            registry.stop(status.name());
        }
    }

    /**
     * Tests use a generous budget, except the budget test itself: on a loaded machine a 50 ms budget can expire
     * before an exit thread gets the CPU, and an abandoned call is one the exit may never have seen (a reject that
     * does not happen, or a false "mid-transaction call").
     */
    private void generousBudget() {
        registry.configure(new HostSettings(java.time.Duration.ofSeconds(5), configured.threads(),
            configured.queueCapacity(), configured.onTimeout(), configured.drainTimeout(), configured.lifecycleTimeout()));
    }

    private void useScriptedExit(Map<String, String> parameters) {
        registry.replace(new ExitDefinition(PROBE, ScriptedExit.class.getName(), Optional.empty(), parameters));
    }

    /** Runs a whole dialogue touching every command and returns the reply to each step by exit command name. */
    private Map<String, Reply> dialogue(String heloVerb) throws Exception {
        Map<String, Reply> replies = new LinkedHashMap<>();
        try (SmtpTestClient client = SmtpTestClient.connect(smtpPort)) {
            replies.put("CONNECT", client.read());
            if (replies.get("CONNECT").code() != 220) {
                assertThat(client.read().code()).as("closed after a reject at connection open").isEqualTo(-1);
                return replies;
            }
            String[][] steps = {{heloVerb, heloVerb + " client.example"}, {"MAIL", "MAIL FROM:<a@example.com>"},
                {"RCPT", "RCPT TO:<b@vm.example>"}, {"DATA", "DATA"}};
            for (String[] step : steps) {
                Reply reply = client.send(step[1]);
                replies.put(step[0], reply);
                if (reply.code() == -1) {
                    return replies;
                }
            }
            if (replies.get("DATA").code() == 354) {
                replies.put("END_OF_DATA", client.send("Subject: t\r\n\r\nbody\r\n."));
            }
            String[][] more = {{"RSET", "RSET"}, {"VRFY", "VRFY b"}, {"EXPN", "EXPN list"}, {"NOOP", "NOOP"},
                {"UNKNOWN", "XFOO bar"}, {"QUIT", "QUIT"}};
            for (String[] step : more) {
                replies.put(step[0], client.send(step[1]));
            }
        }
        return replies;
    }

    @ParameterizedTest
    @ValueSource(strings = {"CONNECT", "HELO", "EHLO", "MAIL", "RCPT", "DATA", "END_OF_DATA", "RSET", "VRFY", "EXPN",
        "NOOP", "UNKNOWN", "QUIT"})
    void anExitRejectsAtEachCommandWithItsOwnCodeAndText(String command) throws Exception {
        useScriptedExit(Map.of("rejectAt", command, "code", "553", "text", "5.7.1 no " + command));

        Map<String, Reply> replies = dialogue(command.equals("HELO") ? "HELO" : "EHLO");

        assertThat(replies.get(command)).isEqualTo(new Reply(553, "5.7.1 no " + command));
    }

    @Test
    void aMessageRejectAppliesToTheWholeMessageAndTheNextMessageIsCalledAgain() throws Exception {
        useScriptedExit(Map.of("rejectAt", "RCPT", "code", "550", "text", "5.7.1 not for you"));
        try (SmtpTestClient client = SmtpTestClient.connect(smtpPort)) {
            client.read();
            client.send("EHLO whole.example");
            assertThat(client.send("MAIL FROM:<a@example.com>").code()).isEqualTo(250);
            assertThat(client.send("RCPT TO:<b@vm.example>")).isEqualTo(new Reply(550, "5.7.1 not for you"));
            assertThat(client.send("RCPT TO:<c@vm.example>")).isEqualTo(new Reply(550, "5.7.1 not for you"));
            assertThat(client.send("DATA").code()).isGreaterThanOrEqualTo(500);
            assertThat(client.send("RSET").code()).isEqualTo(250);
            assertThat(client.send("MAIL FROM:<a@example.com>").code()).isEqualTo(250);
            assertThat(client.send("RCPT TO:<b@vm.example>").code()).isEqualTo(550);
        }
        List<String> calls = callsOf("EHLO whole.example");
        assertThat(calls.stream().filter(c -> c.startsWith("RCPT")).count())
            .as("the second RCPT of the rejected message is answered without calling the exit").isEqualTo(2);
    }

    @Test
    void aSessionRejectClosesTheConnection() throws Exception {
        useScriptedExit(Map.of("rejectAt", "MAIL", "kind", "session", "code", "421", "text", "4.7.0 go away"));
        try (SmtpTestClient client = SmtpTestClient.connect(smtpPort)) {
            client.read();
            client.send("EHLO closing.example");
            assertThat(client.send("MAIL FROM:<a@example.com>")).isEqualTo(new Reply(421, "4.7.0 go away"));
            assertThat(client.read().code()).as("connection closed").isEqualTo(-1);
        }
    }

    @Test
    void acceptStopsCallsForTheMessageButJamesStillSpoolsIt(GuiceJamesServer server) throws Exception {
        useScriptedExit(Map.of("acceptAt", "MAIL"));
        MailRepositoryProbeImpl repositories = server.getProbe(MailRepositoryProbeImpl.class);
        long before = repositories.getRepositoryMailCount(RECEIVED);
        try (SmtpTestClient client = SmtpTestClient.connect(smtpPort)) {
            client.read();
            client.send("EHLO accept.example");
            assertThat(client.transaction("a@example.com", List.of("b@vm.example"), SmtpTestClient.message("one"))
                .code()).isEqualTo(250);
            assertThat(client.send("MAIL FROM:<second@example.com>").code()).isEqualTo(250);
            client.send("QUIT");
        }
        assertThat(callsOf("EHLO accept.example"))
            .containsExactly("CONNECT", "EHLO accept.example", "MAIL a@example.com", "MAIL second@example.com");
        awaitCount(repositories, before + 1);
    }

    @Test
    void fiftyConcurrentConnectionsKeepTheirOwnState() throws Exception {
        useScriptedExit(Map.of());
        int connections = 50;
        ExecutorService pool = Executors.newFixedThreadPool(connections);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<List<Integer>>> results = new ArrayList<>();
        for (int i = 0; i < connections; i++) {
            String helo = "client" + i + ".example";
            results.add(pool.submit(() -> {
                start.await();
                List<Integer> codes = new ArrayList<>();
                try (SmtpTestClient client = SmtpTestClient.connect(smtpPort)) {
                    client.read();
                    client.send("EHLO " + helo);
                    for (int m = 0; m < 3; m++) {
                        codes.add(client.transaction("s@example.com", List.of("r" + m + "@vm.example"),
                            SmtpTestClient.message(helo + " " + m)).code());
                    }
                    client.send("QUIT");
                }
                return codes;
            }));
        }
        start.countDown();
        for (Future<List<Integer>> result : results) {
            assertThat(result.get(60, TimeUnit.SECONDS)).containsExactly(250, 250, 250);
        }
        pool.shutdown();
        for (int i = 0; i < connections; i++) {
            List<String> calls = callsOf("EHLO client" + i + ".example");
            assertThat(calls.stream().filter(c -> c.equals("END_OF_DATA")).count()).isEqualTo(3);
        }
    }

    /** On the server with SMTP workers (call on the worker, watchdog) and on the one without (call handed off). */
    @ParameterizedTest
    @ValueSource(ints = {0, 1})
    void aSleepingExitIsAbandonedAtTheBudgetAndOtherClientsAreGreetedMeanwhile(int server, GuiceJamesServer james)
        throws Exception {
        int smtpPort = james.getProbe(ExitHostProbe.class).smtpPorts().get(server);
        registry.configure(configured); // the 50 ms budget of the test smtpserver.xml
        useScriptedExit(Map.of("sleepAt", "HELO", "sleepMillis", "5000"));
        long budgetMillis = registry.invoker().settings().budget().toMillis();
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try (SmtpTestClient sleepy = SmtpTestClient.connect(smtpPort)) {
            sleepy.read();
            CountDownLatch sent = new CountDownLatch(1);
            Future<List<Long>> greetings = pool.submit(() -> {
                sent.await();
                List<Long> delays = new ArrayList<>();
                long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(500);
                while (System.nanoTime() < until) {
                    long begin = System.nanoTime();
                    try (SmtpTestClient other = SmtpTestClient.connect(smtpPort)) {
                        assertThat(other.read().code()).isEqualTo(220);
                    }
                    delays.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begin));
                }
                return delays;
            });
            long begin = System.nanoTime();
            sent.countDown();
            Reply helo = sleepy.send("HELO sleepy.example");
            long heloMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begin);

            assertThat(helo.code()).isEqualTo(250);
            assertThat(heloMillis).as("HELO answered after the budget, not after the 5 s sleep").isLessThan(2500);
            List<Long> delays = greetings.get(30, TimeUnit.SECONDS);
            assertThat(delays).isNotEmpty();
            assertThat(delays).allSatisfy(delay -> assertThat(delay)
                .as("greeting delay (ms) while an exit call sleeps 5 s (generous bound for a loaded machine)")
                .isLessThanOrEqualTo(budgetMillis + 950));
        } finally {
            pool.shutdownNow();
        }
        assertThat(registry.status(PROBE).counters().timeouts()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void exitCallsThatIgnoreTheBudgetHoldOnlyTheirOwnConnectionsEvenWhenThereAreMoreOfThemThanWorkers()
        throws Exception {
        registry.configure(configured); // the 50 ms budget of the test smtpserver.xml: 32 SMTP workers
        int hung = 40;
        useScriptedExit(Map.of("sleepAt", "HELO", "deafMillis", "6000"));
        ExecutorService pool = Executors.newFixedThreadPool(hung);
        try {
            List<Future<Integer>> sleepers = new ArrayList<>();
            CountDownLatch greeted = new CountDownLatch(hung);
            CountDownLatch go = new CountDownLatch(1);
            for (int i = 0; i < hung; i++) {
                sleepers.add(pool.submit(() -> {
                    try (SmtpTestClient sleepy = SmtpTestClient.connect(smtpPort)) {
                        sleepy.read();
                        greeted.countDown();
                        go.await();
                        return sleepy.send("HELO sleepy.example").code();
                    }
                }));
            }
            assertThat(greeted.await(10, TimeUnit.SECONDS)).isTrue();
            go.countDown(); // all HELOs at once: every worker the pool started with is held by a call deaf to interrupts
            Thread.sleep(300);
            long begin = System.nanoTime();
            try (SmtpTestClient other = SmtpTestClient.connect(smtpPort)) {
                assertThat(other.read().code()).isEqualTo(220);
                assertThat(other.send("EHLO other.example").code()).isEqualTo(250);
                assertThat(other.send("MAIL FROM:<a@example.com>").code()).isEqualTo(250);
                assertThat(other.send("RCPT TO:<b@vm.example>").code()).isEqualTo(250);
                assertThat(other.send("DATA").code()).isEqualTo(354);
                assertThat(other.send("Subject: t\r\n\r\nbody\r\n.").code()).isEqualTo(250);
                assertThat(other.send("QUIT").code()).isEqualTo(221);
            }
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begin);
            assertThat(millis).as("a whole transaction while %d exit calls hang (ms; the calls last 6 s)", hung)
                .isLessThan(3000);
            for (Future<Integer> sleeper : sleepers) {
                assertThat(sleeper.get(30, TimeUnit.SECONDS)).as("HELO once the hung call returned").isEqualTo(250);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(registry.status(PROBE).counters().timeouts()).isGreaterThanOrEqualTo(hung);
    }

    @Test
    void aThrowingExitIsTreatedLikeATimeoutAndMailFlows() throws Exception {
        useScriptedExit(Map.of("throwAt", "MAIL"));
        try (SmtpTestClient client = SmtpTestClient.connect(smtpPort)) {
            client.read();
            client.send("EHLO thrower.example");
            assertThat(client.transaction("a@example.com", List.of("b@vm.example"), SmtpTestClient.message("t"))
                .code()).isEqualTo(250);
        }
        assertThat(registry.status(PROBE).counters().errors()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void stopStartAndReplaceUnderLoadLoseNoTransactionAndTheOldLoaderIsCollected(@TempDir Path dir)
        throws Exception {
        Path jar = TestJars.build(dir.resolve("scripted.jar"), ScriptedExit.class);
        registry.replace(new ExitDefinition(PROBE, ScriptedExit.class.getName(), Optional.of(jar), Map.of()));
        WeakReference<ClassLoader> firstLoader = new WeakReference<>(
            registry.active().get(0).loaded().loader().orElseThrow());

        AtomicBoolean controlDone = new AtomicBoolean();
        AtomicInteger transactions = new AtomicInteger();
        List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        int loaders = 4;
        ExecutorService pool = Executors.newFixedThreadPool(loaders);
        List<Future<?>> load = new ArrayList<>();
        for (int t = 0; t < loaders; t++) {
            int thread = t;
            load.add(pool.submit((Callable<Void>) () -> {
                int n = 0;
                while ((!controlDone.get() || transactions.get() < 500) && failures.size() < 20) {
                    try (SmtpTestClient client = SmtpTestClient.connect(smtpPort)) {
                        client.read();
                        Reply ehlo = client.send("EHLO load" + thread + "-" + n + ".example");
                        Reply end = client.transaction("s@example.com", List.of("r@vm.example"),
                            SmtpTestClient.message("load " + n));
                        client.send("QUIT");
                        if (ehlo.code() != 250 || end.code() != 250) {
                            failures.add(ehlo + " / " + end);
                        }
                    } catch (Exception e) {
                        failures.add(e.toString());
                    }
                    transactions.incrementAndGet();
                    n++;
                }
                return null;
            }));
        }
        try {
            for (int cycle = 0; cycle < 4; cycle++) {
                Thread.sleep(150);
                registry.stop(PROBE);
                Thread.sleep(100);
                registry.start(PROBE);
                Thread.sleep(150);
                Path next = TestJars.build(dir.resolve("scripted-" + cycle + ".jar"), ScriptedExit.class);
                registry.replace(new ExitDefinition(PROBE, ScriptedExit.class.getName(), Optional.of(next),
                    Map.of("cycle", String.valueOf(cycle))));
            }
        } finally {
            controlDone.set(true);
        }
        for (Future<?> future : load) {
            future.get(180, TimeUnit.SECONDS);
        }
        pool.shutdown();

        assertThat(failures).isEmpty();
        assertThat(transactions.get()).isGreaterThanOrEqualTo(500);
        assertThat(registry.status(PROBE).generation()).isGreaterThan(1);
        registry.stop(PROBE);
        awaitDrained();
        assertThat(collected(firstLoader)).as("the first jar's class loader was garbage collected").isTrue();
    }

    @Test
    void spoolMailIsReplayedToTheExitsWithItsOriginAndTheirVerdictReturned(GuiceJamesServer server)
        throws Exception {
        ExitHostProbe probe = server.getProbe(ExitHostProbe.class);
        SpoolEnvelope envelope = new SpoolEnvelope("0042", "MAINT", "VMNODE", "", "maint@vm.example",
            List.of("friend@example.com", "other@example.com"));
        MessageView message = view("Subject: from the spool\r\n\r\nhello\r\n");

        useScriptedExit(Map.of("rejectAt", "RCPT", "code", "550", "text", "5.7.1 spool refused"));
        assertThat(probe.spoolMailGate().replay(envelope, message))
            .isEqualTo(Verdict.rejectMessage(550, "5.7.1 spool refused"));
        assertThat(ScriptedExit.CALLS.get("spool-0042"))
            .containsExactly("CONNECT", "HELO VMNODE", "MAIL maint@vm.example", "RCPT friend@example.com");

        ScriptedExit.CALLS.clear();
        useScriptedExit(Map.of());
        assertThat(probe.spoolMailGate().replay(envelope, message)).isEqualTo(Verdict.CONTINUE);
        assertThat(ScriptedExit.CALLS.get("spool-0042")).endsWith("DATA", "END_OF_DATA");

        useScriptedExit(Map.of("rejectAt", "PUNCH", "code", "451", "text", "4.2.1 reader full"));
        assertThat(probe.punchGate().beforePunch(envelope, message))
            .isEqualTo(Verdict.rejectMessage(451, "4.2.1 reader full"));
    }

    @Test
    void webadminControlRefusesUnauthenticatedCallsAndControlsExits(GuiceJamesServer server, @TempDir Path dir)
        throws Exception {
        int port = server.getProbe(WebAdminGuiceProbe.class).getWebAdminPort().getValue();
        HttpClient http = HttpClient.newHttpClient();
        String base = "http://127.0.0.1:" + port + "/spoolgate/exits";
        String admin = "Bearer " + KEYS.token("operator@vm.example", true);

        assertThat(http.send(HttpRequest.newBuilder(URI.create(base)).GET().build(),
            HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(401);
        assertThat(http.send(HttpRequest.newBuilder(URI.create(base + "/configured?action=start"))
            .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString()).statusCode())
            .isEqualTo(401);
        assertThat(http.send(HttpRequest.newBuilder(URI.create(base)).header("Authorization",
            "Bearer " + KEYS.token("someone", false)).GET().build(), HttpResponse.BodyHandlers.ofString())
            .statusCode()).as("token without admin claim").isEqualTo(401);
        assertThat(registry.status("configured").state()).isEqualTo("stopped");

        HttpResponse<String> list = http.send(HttpRequest.newBuilder(URI.create(base)).header("Authorization", admin)
            .GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(list.body()).contains("\"name\":\"configured\"").contains("from smtpserver.xml");

        HttpResponse<String> started = http.send(HttpRequest.newBuilder(URI.create(base + "/configured?action=start"))
            .header("Authorization", admin).POST(HttpRequest.BodyPublishers.noBody()).build(),
            HttpResponse.BodyHandlers.ofString());
        assertThat(started.statusCode()).isEqualTo(200);
        assertThat(started.body()).contains("\"state\":\"active\"");

        assertThat(http.send(HttpRequest.newBuilder(URI.create(base + "/configured?action=explode"))
            .header("Authorization", admin).POST(HttpRequest.BodyPublishers.noBody()).build(),
            HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(400);
        assertThat(http.send(HttpRequest.newBuilder(URI.create(base + "/nosuch")).header("Authorization", admin)
            .GET().build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(404);

        byte[] jar = Files.readAllBytes(TestJars.build(dir.resolve("upload.jar"), ScriptedExit.class));
        HttpResponse<String> replaced = http.send(HttpRequest.newBuilder(URI.create(base
                + "/uploaded?class=" + ScriptedExit.class.getName() + "&param.rejectAt=VRFY&param.code=550"))
            .header("Authorization", admin).header("Content-Type", "application/java-archive")
            .PUT(HttpRequest.BodyPublishers.ofByteArray(jar)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(replaced.statusCode()).as(replaced.body()).isEqualTo(200);
        assertThat(replaced.body()).contains("\"state\":\"active\"").contains("uploaded-");
        try (SmtpTestClient client = SmtpTestClient.connect(smtpPort)) {
            client.read();
            client.send("EHLO uploaded.example");
            assertThat(client.send("VRFY someone").code()).isEqualTo(550);
        }

        HttpResponse<String> badJar = http.send(HttpRequest.newBuilder(URI.create(base
                + "/uploaded?class=no.such.Exit")).header("Authorization", admin)
            .PUT(HttpRequest.BodyPublishers.ofByteArray(jar)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(badJar.statusCode()).isEqualTo(400);
        assertThat(badJar.body()).contains("no/such/Exit.class");
        assertThat(registry.status("uploaded").state()).as("the old exit stays active").isEqualTo("active");
    }

    @Test
    void theShippedExitsWorkInsideJames(@TempDir Path dir) throws Exception {
        registry.replace(new ExitDefinition("rfc2505", io.spoolgate.exit.rfc2505.Rfc2505Exit.class.getName(),
            Optional.empty(), Map.of("maxRecipients", "2", "localDomains", "example.com",
            "localNames", "exit-test.example", "trustedNetworks", "192.0.2.0/24")));
        Path rules = Files.writeString(dir.resolve("rules"),
            "header:Subject~(?i)lottery => reject-message 554 5.7.1 Looks like spam\n");
        registry.replace(new ExitDefinition("rules", io.spoolgate.exit.rules.RulesExit.class.getName(),
            Optional.empty(), Map.of("file", rules.toString())));
        try (SmtpTestClient client = SmtpTestClient.connect(smtpPort)) {
            client.read();
            assertThat(client.send("EHLO exit-test.example").text()).contains("You are not me");
            assertThat(client.send("EHLO mx.client.example").code()).isEqualTo(250);
            Reply tooMany = client.transaction("a@example.com", List.of("1@vm.example", "2@vm.example",
                "3@vm.example"), SmtpTestClient.message("x"));
            assertThat(tooMany).isEqualTo(new Reply(552, "5.5.3 Too many recipients (at most 2 per message)"));
            client.send("RSET");
            assertThat(client.transaction("a@example.com", List.of("1@vm.example"),
                SmtpTestClient.message("You won the lottery"))).isEqualTo(new Reply(554, "5.7.1 Looks like spam"));
            assertThat(client.transaction("a@example.com", List.of("1@vm.example"),
                SmtpTestClient.message("Minutes of the meeting")).code()).isEqualTo(250);
        }
        assertThat(registry.status("rfc2505").counters().rejects()).isEqualTo(2);
        assertThat(registry.status("rules").counters().rejects()).isEqualTo(1);
    }

    private static MessageView view(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        return new MessageView() {
            @Override
            public long size() {
                return bytes.length;
            }

            @Override
            public InputStream open() {
                return new ByteArrayInputStream(bytes);
            }
        };
    }

    private static List<String> callsOf(String helo) {
        return ScriptedExit.CALLS.values().stream().filter(calls -> calls.contains(helo)).findFirst()
            .map(ArrayList::new).orElseThrow(() -> new AssertionError("no connection said " + helo));
    }

    private static void awaitCount(MailRepositoryProbeImpl repositories, long expected) throws Exception {
        for (int i = 0; i < 100 && repositories.getRepositoryMailCount(RECEIVED) < expected; i++) {
            Thread.sleep(100);
        }
        assertThat(repositories.getRepositoryMailCount(RECEIVED)).isGreaterThanOrEqualTo(expected);
    }

    private void awaitDrained() throws InterruptedException {
        for (int i = 0; i < 100 && registry.status(PROBE).draining() > 0; i++) {
            Thread.sleep(100);
        }
        assertThat(registry.status(PROBE).draining()).isZero();
        Thread.sleep(200); // the term call and the loader close run on the lifecycle thread
    }

    private static boolean collected(WeakReference<ClassLoader> reference) throws InterruptedException {
        for (int i = 0; i < 50 && reference.get() != null; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return reference.get() == null;
    }
}
