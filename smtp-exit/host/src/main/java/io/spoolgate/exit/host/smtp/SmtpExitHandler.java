package io.spoolgate.exit.host.smtp;

import io.spoolgate.exit.ConnectionFacts;
import io.spoolgate.exit.Envelope;
import io.spoolgate.exit.ExitCommand;
import io.spoolgate.exit.MessageView;
import io.spoolgate.exit.Verdict;
import io.spoolgate.exit.host.ExitConversation;
import io.spoolgate.exit.host.ExitLoadException;
import io.spoolgate.exit.host.ExitRegistry;
import io.spoolgate.exit.host.IoThreadCalls;
import io.spoolgate.exit.host.SmtpArguments;
import org.apache.commons.configuration2.Configuration;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.james.protocols.api.ProtocolSession;
import org.apache.james.protocols.api.Request;
import org.apache.james.protocols.api.Response;
import org.apache.james.protocols.api.handler.CommandHandler;
import org.apache.james.protocols.api.handler.ConnectHandler;
import org.apache.james.protocols.api.handler.DisconnectHandler;
import org.apache.james.protocols.api.handler.ExtensibleHandler;
import org.apache.james.protocols.api.handler.UnknownCommandHandler;
import org.apache.james.protocols.smtp.MailEnvelope;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.HeloHook;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.MailHook;
import org.apache.james.protocols.smtp.hook.MailParametersHook;
import org.apache.james.protocols.smtp.hook.MessageHook;
import org.apache.james.protocols.smtp.hook.RcptHook;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The exit host in James's SMTP handler chain: calls the exit chain at connection open, for {@code HELO},
 * {@code EHLO}, {@code MAIL}, {@code RCPT}, {@code DATA}, {@code RSET}, {@code VRFY}, {@code EXPN}, {@code NOOP},
 * {@code QUIT}, unknown commands and at end of data. Declared hooks run before James's core handlers; this handler
 * answers only to reject (continue and accept let James's own checks run), so an exit can never open a relay or
 * skip spooling. {@code AUTH} and {@code STARTTLS} lines are never shown to exits.
 *
 * <p>Configuration (child elements of the {@code <handler>}; see {@link ExitHostConfiguration}):
 * {@code budgetMillis} (default 50), {@code threads} (16), {@code queueCapacity} (1024), {@code onTimeout}
 * ({@code continue} or {@code tempfail}; default continue), {@code drainSeconds} (30), {@code workers} (32: SMTP
 * worker threads that take command processing off the I/O threads, see {@link SmtpWorkers}; 0 = leave it on the
 * I/O threads), {@code inlineCalls} (true: exit calls run on the worker under a watchdog that abandons them at the
 * budget; false: every call is handed to an exit thread), {@code ioThreadCommands} (default
 * {@code HELO EHLO MAIL RCPT DATA RSET NOOP QUIT}: a read that is one line of one of them is processed on the I/O
 * thread itself, with no hand-off, while every exit of the connection is non-blocking and none of the command's
 * hooks may block, see {@link CommandLinePeek}; empty, or {@code inlineCalls} false: every line goes to the
 * workers), and any number of
 * {@code <exit name= class= [jar=] [start=true]>} elements with {@code <param name= value=/>} children.
 * The handler chain must be declared with {@code enableJmx="false"}: James 3.8.1's JMX connect monitor fails on a
 * connect handler that lets the connection proceed.
 */
public class SmtpExitHandler implements ConnectHandler<SMTPSession>, CommandHandler<SMTPSession>, MessageHook,
    DisconnectHandler<SMTPSession>, ExtensibleHandler {
    private static final Logger LOGGER = LoggerFactory.getLogger(SmtpExitHandler.class);
    private static final ProtocolSession.AttachmentKey<ExitConversation> CONVERSATION =
        ProtocolSession.AttachmentKey.of("spoolgate.exit.conversation", ExitConversation.class);
    private static final List<String> COMMANDS = List.of("HELO", "EHLO", "MAIL", "RCPT", "DATA", "RSET", "VRFY",
        "EXPN", "NOOP", "QUIT", UnknownCommandHandler.COMMAND_IDENTIFIER);

    private final ExitRegistry registry;
    private SmtpWorkers workers;
    private IoThreadCommands ioThreadCommands = IoThreadCommands.parse("");
    private boolean inlineCalls;

    /** @param registry the exit chain (a singleton shared with webadmin and the spool gates) */
    @Inject
    public SmtpExitHandler(ExitRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void init(Configuration config) throws ConfigurationException {
        ExitHostConfiguration host = ExitHostConfiguration.read(config);
        registry.configure(host.settings());
        inlineCalls = host.inlineCalls();
        if (host.workers() > 0) {
            ioThreadCommands = host.inlineCalls() ? host.ioThreadCommands() : IoThreadCommands.parse("");
            workers = new SmtpWorkers(host.workers(), host.inlineCalls(), ioThreadCommands);
            LOGGER.info("SMTP commands run on {} worker threads off the I/O threads; exit calls run {}; lone lines of {} "
                + "run on the I/O threads while the exits are non-blocking", host.workers(),
                host.inlineCalls() ? "on them under a watchdog" : "on the exit threads", ioThreadCommands.names());
        }
        for (ExitHostConfiguration.Entry entry : host.exits()) {
            String name = entry.definition().name();
            if (registry.isDefined(name)) {
                LOGGER.info("SMTP exit {} is already defined (another <smtpserver> declares it); keeping the first", name);
                continue;
            }
            try {
                registry.define(entry.definition(), entry.start());
            } catch (ExitLoadException e) {
                LOGGER.error("SGX005E SMTP exit {} could not be started: {}; it stays stopped", name, e.getMessage());
            }
        }
    }

    /** Server shutdown: every exit gets its term call. */
    @Override
    public void destroy() {
        registry.close();
        if (workers != null) {
            workers.close();
        }
    }

    /** The hooks whose commands may run on the I/O thread: HELO/EHLO, MAIL and RCPT hooks. */
    @Override
    public List<Class<?>> getMarkerInterfaces() {
        return List.of(HeloHook.class, MailHook.class, MailParametersHook.class, RcptHook.class);
    }

    /** Learns the chain's hooks: a command whose hook may block has its lines processed on the workers. */
    @Override
    public void wireExtensions(Class<?> marker, List<?> hooks) {
        List<IoThreadCommands.Verb> verbs = marker == HeloHook.class
            ? List.of(IoThreadCommands.Verb.HELO, IoThreadCommands.Verb.EHLO)
            : marker == RcptHook.class ? List.of(IoThreadCommands.Verb.RCPT) : List.of(IoThreadCommands.Verb.MAIL);
        for (Object hook : hooks) {
            BooleanSupplier mayBlock = HookBlocking.of(hook);
            for (IoThreadCommands.Verb verb : verbs) {
                ioThreadCommands.addHook(verb, mayBlock);
            }
        }
        if (workers != null && !ioThreadCommands.isEmpty() && !hooks.isEmpty()) {
            LOGGER.info("SMTP {} lines are processed on the I/O threads only while none of these hooks may block: {}",
                verbs, hooks.stream().map(HookBlocking::describe).toList());
        }
    }

    @Override
    public Response onConnect(SMTPSession session) {
        ExitConversation conversation = registry.openConversation();
        session.setAttachment(CONVERSATION, conversation, ProtocolSession.State.Connection);
        if (workers != null) {
            workers.attach(session, conversation::callsMayRunOnIoThread);
        }
        if (registry.active().isEmpty()) {
            return null;
        }
        Supplier<Verdict> call = () -> conversation.call(ExitCommand.CONNECT, "", "", Map.of(),
            SessionFacts.of(session), Envelope.EMPTY, Optional.empty());
        // on the I/O thread: the calls of non-blocking exits run here, with no hand-off
        Verdict verdict = inlineCalls ? IoThreadCalls.call(call) : call.get();
        if (verdict.kind() == Verdict.Kind.REJECT_MESSAGE) {
            verdict = Verdict.rejectSession(verdict.code(), verdict.text()); // no greeting: nothing else to reject
        }
        return VerdictReplies.response(verdict);
    }

    @Override
    public Response onCommand(SMTPSession session, Request request) {
        Optional<ExitConversation> conversation = session.getAttachment(CONVERSATION, ProtocolSession.State.Connection);
        if (conversation.isEmpty()) {
            return null;
        }
        String verb = request.getCommand().toUpperCase(Locale.ROOT);
        if (conversation.get().hasNothingToCall(verb.equals("HELO") ? ExitCommand.HELO
            : verb.equals("EHLO") ? ExitCommand.EHLO : ExitCommand.NOOP)) {
            return null;
        }
        String argument = request.getArgument() == null ? "" : request.getArgument();
        String line = argument.isEmpty() ? verb : verb + " " + argument;
        ConnectionFacts facts = SessionFacts.of(session);
        Map<String, String> parameters = Map.of();
        ExitCommand command;
        String parsed = argument.trim();
        switch (verb) {
            case "HELO": case "EHLO":
                command = verb.equals("HELO") ? ExitCommand.HELO : ExitCommand.EHLO;
                facts = facts.withHeloName(parsed);
                break;
            case "MAIL": case "RCPT":
                command = verb.equals("MAIL") ? ExitCommand.MAIL : ExitCommand.RCPT;
                SmtpArguments arguments = SmtpArguments.parse(argument, verb.equals("MAIL") ? "FROM:" : "TO:");
                parsed = arguments.address();
                parameters = arguments.parameters();
                break;
            case "DATA": command = ExitCommand.DATA; break;
            case "RSET": command = ExitCommand.RSET; break;
            case "VRFY": command = ExitCommand.VRFY; break;
            case "EXPN": command = ExitCommand.EXPN; break;
            case "NOOP": command = ExitCommand.NOOP; break;
            case "QUIT": command = ExitCommand.QUIT; break;
            default:
                command = ExitCommand.UNKNOWN;
                parsed = verb;
                line = verb; // never hand on what follows an unknown verb: it might be a credential
                break;
        }
        Envelope envelope = command == ExitCommand.MAIL ? Envelope.EMPTY : SessionFacts.envelope(session);
        return VerdictReplies.response(conversation.get().call(command, line, parsed, parameters, facts, envelope,
            Optional.empty()));
    }

    @Override
    public HookResult onMessage(SMTPSession session, MailEnvelope mail) {
        Optional<ExitConversation> conversation = session.getAttachment(CONVERSATION, ProtocolSession.State.Connection);
        if (conversation.isEmpty()) {
            return HookResult.DECLINED;
        }
        if (conversation.get().hasNothingToCall(ExitCommand.END_OF_DATA)) {
            return HookResult.DECLINED;
        }
        MessageView message = new EnvelopeMessageView(mail);
        return VerdictReplies.hookResult(conversation.get().call(ExitCommand.END_OF_DATA, "", "", Map.of(),
            SessionFacts.of(session), SessionFacts.envelope(session), Optional.of(message)));
    }

    @Override
    public void onDisconnect(SMTPSession session) {
        session.getAttachment(CONVERSATION, ProtocolSession.State.Connection).ifPresent(ExitConversation::close);
    }

    @Override
    public Collection<String> getImplCommands() {
        return COMMANDS;
    }

    /** A read-only view of the message James received. */
    private static final class EnvelopeMessageView implements MessageView {
        private final MailEnvelope mail;

        EnvelopeMessageView(MailEnvelope mail) {
            this.mail = mail;
        }

        @Override
        public long size() {
            return mail.getSize();
        }

        @Override
        public InputStream open() throws IOException {
            return mail.getMessageInputStream();
        }
    }
}
