package io.spoolgate.exit.rfc2505;

import io.spoolgate.exit.ExitConfig;
import io.spoolgate.exit.Verdict;
import io.spoolgate.exit.support.Calls;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class Rfc2505ExitTest {
    private final Map<String, DomainStatus> dns = new ConcurrentHashMap<>(Map.of(
        "good.example", DomainStatus.EXISTS, "gone.example", DomainStatus.NOT_FOUND,
        "flaky.example", DomainStatus.TEMPORARY_FAILURE));
    private final AtomicInteger lookups = new AtomicInteger();
    private final CountDownLatch slowRelease = new CountDownLatch(1);
    private final Clock clock = Clock.fixed(Instant.parse("2026-01-01T00:00:30Z"), ZoneOffset.UTC);
    private final Rfc2505Exit exit = new Rfc2505Exit(timeout -> domain -> {
        lookups.incrementAndGet();
        if (domain.equals("slow.example")) {
            try {
                slowRelease.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return DomainStatus.NOT_FOUND;
        }
        return dns.getOrDefault(domain, DomainStatus.NOT_FOUND);
    }, clock);
    private Object token;

    private Object start(Map<String, String> extra) {
        Map<String, String> parameters = new HashMap<>(Map.of("trustedNetworks", "127.0.0.0/8"));
        parameters.putAll(extra);
        token = exit.init(new ExitConfig("rfc2505", parameters));
        return token;
    }

    @AfterEach
    void stop() {
        slowRelease.countDown();
        if (token != null) {
            exit.term(token);
        }
    }

    @Test
    void senderDomainsMustExistAndDnsTroubleIsOnlyTemporary() {
        Calls calls = new Calls("198.51.100.1", start(Map.of("dnsWaitMillis", "40")));
        assertThat(exit.onMail(calls.mail("a@good.example"))).isEqualTo(Verdict.CONTINUE);
        assertThat(exit.onMail(calls.mail("a@gone.example")))
            .isEqualTo(Verdict.rejectMessage(550, "5.1.8 Sender domain gone.example does not exist"));
        Verdict flaky = exit.onMail(calls.mail("a@flaky.example"));
        assertThat(flaky.code()).isEqualTo(451);
        assertThat(exit.onMail(calls.mail(""))).as("null sender never refused").isEqualTo(Verdict.CONTINUE);
        int before = lookups.get();
        exit.onMail(calls.mail("b@good.example"));
        assertThat(lookups.get()).as("answers are cached").isEqualTo(before);
    }

    @Test
    void aSlowLookupNeverHoldsTheCallAndIsDecidedAtALaterCommand() throws Exception {
        Calls calls = new Calls("198.51.100.1", start(Map.of("dnsWaitMillis", "5")));
        exit.onConnect(calls.connect());
        exit.onHelo(calls.helo("mx.client.example"));
        long begin = System.nanoTime();
        assertThat(exit.onMail(calls.mail("a@slow.example"))).isEqualTo(Verdict.CONTINUE);
        assertThat(Duration.ofNanos(System.nanoTime() - begin)).isLessThan(Duration.ofSeconds(1));
        slowRelease.countDown();
        Thread.sleep(50);
        assertThat(exit.onRcpt(calls.rcpt("x@vm.example")).code()).isEqualTo(550);
    }

    @Test
    void limitsOnRecipientsAndMessagesPerConnection() {
        Calls calls = new Calls("198.51.100.1", start(Map.of("maxRecipients", "2", "maxMessagesPerConnection", "2",
            "checkSenderDomain", "false")));
        exit.onMail(calls.mail("a@any.example"));
        assertThat(exit.onRcpt(calls.rcpt("1@vm.example"))).isEqualTo(Verdict.CONTINUE);
        calls.accepted("1@vm.example");
        assertThat(exit.onRcpt(calls.rcpt("2@vm.example"))).isEqualTo(Verdict.CONTINUE);
        calls.accepted("2@vm.example");
        assertThat(exit.onRcpt(calls.rcpt("3@vm.example")).code()).isEqualTo(552);
        assertThat(exit.onMail(calls.mail("a@any.example"))).isEqualTo(Verdict.CONTINUE);
        Verdict third = exit.onMail(calls.mail("a@any.example"));
        assertThat(third.kind()).isEqualTo(Verdict.Kind.REJECT_SESSION);
        assertThat(third.code()).isEqualTo(421);
    }

    @Test
    void heloNamesAreChecked() {
        Calls remote = new Calls("198.51.100.1", start(Map.of("localNames", "vm.example")));
        assertThat(exit.onHelo(remote.helo("mx.client.example"))).isEqualTo(Verdict.CONTINUE);
        assertThat(exit.onHelo(remote.helo("[192.0.2.1]"))).isEqualTo(Verdict.CONTINUE);
        assertThat(exit.onHelo(remote.helo("bad_name!")).code()).isEqualTo(501);
        assertThat(exit.onHelo(remote.helo("")).code()).isEqualTo(501);
        assertThat(exit.onHelo(remote.helo("VM.example")).text()).contains("You are not me");
        Calls local = new Calls("127.0.0.1", token);
        assertThat(exit.onHelo(local.helo("vm.example"))).isEqualTo(Verdict.CONTINUE);
    }

    @Test
    void connectionsPerAddressAreRateLimitedExceptTrustedNetworks() {
        start(Map.of("maxConnectionsPerMinute", "3"));
        for (int i = 0; i < 3; i++) {
            assertThat(exit.onConnect(new Calls("198.51.100.1", token).connect())).isEqualTo(Verdict.CONTINUE);
        }
        assertThat(exit.onConnect(new Calls("198.51.100.1", token).connect()).code()).isEqualTo(421);
        assertThat(exit.onConnect(new Calls("198.51.100.2", token).connect())).isEqualTo(Verdict.CONTINUE);
        for (int i = 0; i < 5; i++) {
            assertThat(exit.onConnect(new Calls("127.0.0.1", token).connect())).isEqualTo(Verdict.CONTINUE);
        }
    }

    @Test
    void spoolMailIsNotCheckedForDomainOrHelo() {
        Calls spool = Calls.spool("MAINT", "VMNODE", start(Map.of()));
        assertThat(exit.onHelo(spool.helo("VMNODE"))).isEqualTo(Verdict.CONTINUE);
        assertThat(exit.onMail(spool.mail("maint@gone.example"))).isEqualTo(Verdict.CONTINUE);
    }

    @Test
    void badParametersAreNamed() {
        assertThatThrownBy(() -> start(Map.of("maxRecipients", "-1"))).hasMessageContaining("maxRecipients");
        assertThatThrownBy(() -> start(Map.of("dnsWaitMillis", "45"))).hasMessageContaining("dnsWaitMillis");
        assertThatThrownBy(() -> start(Map.of("trustedNetworks", "lan"))).hasMessageContaining("not a numeric");
    }
}
