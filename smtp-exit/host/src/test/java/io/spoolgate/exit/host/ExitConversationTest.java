package io.spoolgate.exit.host;

import io.spoolgate.exit.ConnectionFacts;
import io.spoolgate.exit.Envelope;
import io.spoolgate.exit.ExitCall;
import io.spoolgate.exit.ExitCommand;
import io.spoolgate.exit.MailOrigin;
import io.spoolgate.exit.SmtpExit;
import io.spoolgate.exit.Verdict;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/** The conversation rules (binding, draining, accept, message reject, chain order) with a real registry. */
class ExitConversationTest {
    static final List<String> LOG = new CopyOnWriteArrayList<>();

    /** Logs every call as "name:COMMAND"; answers as its parameters say. */
    public static class LoggingExit implements SmtpExit {
        @Override
        public Object init(io.spoolgate.exit.ExitConfig config) {
            LOG.add(config.name() + ":init");
            return config;
        }

        @Override
        public void term(Object token) {
            LOG.add(((io.spoolgate.exit.ExitConfig) token).name() + ":term");
        }

        @Override
        public java.util.Set<ExitCommand> commands(Object token) {
            String only = ((io.spoolgate.exit.ExitConfig) token).parameters().get("only");
            return only == null ? SmtpExit.super.commands(token) : java.util.Set.of(ExitCommand.valueOf(only));
        }

        @Override
        public Verdict onCall(ExitCall call) {
            io.spoolgate.exit.ExitConfig config = call.token(io.spoolgate.exit.ExitConfig.class);
            LOG.add(config.name() + ":" + call.command());
            String command = call.command().name();
            if (command.equals(config.parameters().get("accept"))) {
                return Verdict.ACCEPT;
            }
            if (command.equals(config.parameters().get("reject"))) {
                return Verdict.rejectMessage(550, "5.7.1 " + config.name());
            }
            if (command.equals(config.parameters().get("returnNull"))) {
                return null;
            }
            return Verdict.CONTINUE;
        }
    }

    private ExitRegistry registry;

    @BeforeEach
    void setUp() {
        LOG.clear();
        registry = new ExitRegistry(new ExitLoader(getClass().getClassLoader()), new HostSettings(
            Duration.ofMillis(500), 4, 16, HostSettings.TimeoutPolicy.CONTINUE, Duration.ofSeconds(30),
            Duration.ofSeconds(5)));
    }

    @AfterEach
    void tearDown() {
        registry.close();
    }

    private void define(String name, Map<String, String> parameters) {
        registry.define(new ExitDefinition(name, LoggingExit.class.getName(), Optional.empty(), parameters), true);
    }

    private static Verdict call(ExitConversation conversation, ExitCommand command) {
        ConnectionFacts facts = new ConnectionFacts("c1", MailOrigin.TCP, Optional.empty(), Optional.empty(),
            Optional.empty(), false, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
        return conversation.call(command, command.name(), "", Map.of(), facts, Envelope.EMPTY, Optional.empty());
    }

    @Test
    void anExitStartedMidConnectionFirstSeesItAtTheNextHelo() {
        define("a", Map.of());
        ExitConversation conversation = registry.openConversation();
        call(conversation, ExitCommand.CONNECT);
        define("late", Map.of());
        call(conversation, ExitCommand.MAIL);
        call(conversation, ExitCommand.RCPT);
        call(conversation, ExitCommand.EHLO);
        call(conversation, ExitCommand.MAIL);

        assertThat(LOG).containsExactly("a:init", "a:CONNECT", "late:init", "a:MAIL", "a:RCPT", "a:EHLO",
            "late:EHLO", "a:MAIL", "late:MAIL");
    }

    @Test
    void aStoppedExitFinishesTheMessageUnderWayThenIsTerminated() throws Exception {
        define("a", Map.of());
        ExitConversation conversation = registry.openConversation();
        call(conversation, ExitCommand.CONNECT);
        call(conversation, ExitCommand.MAIL);
        registry.stop("a");
        assertThat(registry.active()).isEmpty();
        call(conversation, ExitCommand.RCPT);
        call(conversation, ExitCommand.DATA);
        call(conversation, ExitCommand.END_OF_DATA);
        call(conversation, ExitCommand.MAIL);
        awaitLog("a:term");

        assertThat(LOG).containsExactly("a:init", "a:CONNECT", "a:MAIL", "a:RCPT", "a:DATA", "a:END_OF_DATA",
            "a:term");
        assertThat(registry.status("a").draining()).isZero();
    }

    @Test
    void replacingSwapsGenerationsAtTheNextHeloAndTerminatesTheOldOne() throws Exception {
        define("a", Map.of());
        ExitConversation conversation = registry.openConversation();
        call(conversation, ExitCommand.CONNECT);
        registry.replace(new ExitDefinition("a", LoggingExit.class.getName(), Optional.empty(), Map.of("v", "2")));
        assertThat(conversation.boundExits()).containsExactly("a#1");
        call(conversation, ExitCommand.HELO);
        assertThat(conversation.boundExits()).containsExactly("a#2");
        awaitLog("a:term");
        assertThat(registry.status("a").generation()).isEqualTo(2);
    }

    @Test
    void acceptSkipsTheExitUntilTheNextMessageButNotTheOthers() {
        define("a", Map.of("accept", "MAIL"));
        define("b", Map.of());
        ExitConversation conversation = registry.openConversation();
        call(conversation, ExitCommand.CONNECT);
        call(conversation, ExitCommand.MAIL);
        call(conversation, ExitCommand.RCPT);
        call(conversation, ExitCommand.END_OF_DATA);
        call(conversation, ExitCommand.MAIL);

        assertThat(LOG).containsExactly("a:init", "b:init", "a:CONNECT", "b:CONNECT", "a:MAIL", "b:MAIL", "b:RCPT",
            "b:END_OF_DATA", "a:MAIL", "b:MAIL");
    }

    @Test
    void theFirstRejectWinsAndHoldsForTheRestOfTheMessage() {
        define("a", Map.of("reject", "RCPT"));
        define("b", Map.of());
        ExitConversation conversation = registry.openConversation();
        call(conversation, ExitCommand.CONNECT);
        call(conversation, ExitCommand.MAIL);
        assertThat(call(conversation, ExitCommand.RCPT)).isEqualTo(Verdict.rejectMessage(550, "5.7.1 a"));
        assertThat(call(conversation, ExitCommand.RCPT)).isEqualTo(Verdict.rejectMessage(550, "5.7.1 a"));
        assertThat(call(conversation, ExitCommand.DATA)).isEqualTo(Verdict.rejectMessage(550, "5.7.1 a"));
        assertThat(call(conversation, ExitCommand.RSET)).isEqualTo(Verdict.CONTINUE);

        assertThat(LOG).containsExactly("a:init", "b:init", "a:CONNECT", "b:CONNECT", "a:MAIL", "b:MAIL", "a:RCPT",
            "a:RSET", "b:RSET");
    }

    @Test
    void anExitIsCalledOnlyForTheCommandsItAskedFor() {
        define("a", Map.of("only", "RCPT"));
        ExitConversation conversation = registry.openConversation();
        for (ExitCommand command : ExitCommand.values()) {
            call(conversation, command);
        }
        assertThat(LOG).containsExactly("a:init", "a:RCPT");
    }

    @Test
    void closingTheRegistryTerminatesEveryExitAtOnceEvenWithConnectionsBound() {
        define("a", Map.of());
        define("b", Map.of());
        ExitConversation conversation = registry.openConversation();
        call(conversation, ExitCommand.CONNECT);
        registry.close();
        assertThat(LOG).contains("a:term", "b:term");
        assertThat(call(conversation, ExitCommand.NOOP)).isEqualTo(Verdict.CONTINUE);
    }

    @Test
    void aNullAnswerCountsAsContinue() {
        define("a", Map.of("returnNull", "NOOP"));
        ExitConversation conversation = registry.openConversation();
        call(conversation, ExitCommand.CONNECT);
        assertThat(call(conversation, ExitCommand.NOOP)).isEqualTo(Verdict.CONTINUE);
    }

    @Test
    void aClosedConversationLetsGoOfItsExits() throws Exception {
        define("a", Map.of());
        ExitConversation conversation = registry.openConversation();
        call(conversation, ExitCommand.CONNECT);
        registry.stop("a");
        assertThat(registry.status("a").draining()).isEqualTo(1);
        conversation.close();
        awaitLog("a:term");
        assertThat(call(conversation, ExitCommand.NOOP)).isEqualTo(Verdict.CONTINUE);
    }

    private static void awaitLog(String entry) throws InterruptedException {
        for (int i = 0; i < 100 && !LOG.contains(entry); i++) {
            Thread.sleep(20);
        }
        assertThat(LOG).contains(entry);
    }
}
