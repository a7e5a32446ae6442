package io.spoolgate.exit.host;

import io.spoolgate.exit.ConnectionFacts;
import io.spoolgate.exit.Envelope;
import io.spoolgate.exit.ExitCall;
import io.spoolgate.exit.ExitCommand;
import io.spoolgate.exit.ExitState;
import io.spoolgate.exit.MessageView;
import io.spoolgate.exit.Verdict;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The exit chain as one connection (or one replayed spool file) sees it. Not thread-safe: the calls of one
 * connection come one after another.
 *
 * <ul>
 *   <li>The connection binds to the exits active at connection open and rebinds at each {@code HELO}/{@code EHLO}:
 *       an exit started meanwhile first sees the connection there, never in the middle of a message.</li>
 *   <li>An exit stopped or replaced meanwhile keeps being called until the current message ends (end of data,
 *       {@code RSET}, next {@code MAIL}, {@code HELO}), then the connection lets go of it.</li>
 *   <li>An exit that answered accept is not called again until the next message starts ({@code MAIL},
 *       {@code RSET}, {@code HELO}/{@code EHLO}).</li>
 *   <li>A message reject applies to the whole message: the later {@code RCPT}, {@code DATA} and end of data of the
 *       same message get the same reply without calling the exits again.</li>
 * </ul>
 */
public final class ExitConversation implements AutoCloseable {
    private final ExitRegistry registry;
    private final List<Binding> bindings = new ArrayList<>();
    private Verdict messageReject;
    private boolean closed;

    ExitConversation(ExitRegistry registry) {
        this.registry = registry;
    }

    /**
     * Makes one call along the chain.
     *
     * @param command     the call
     * @param commandLine the command line as sent
     * @param argument    the parsed main argument (see {@link ExitCall#argument()})
     * @param parameters  ESMTP parameters
     * @param facts       the connection facts now
     * @param envelope    the envelope so far
     * @param message     the message, for end of data and punch
     * @return the first reject of the chain, or {@link Verdict#CONTINUE} (also when every exit accepted)
     */
    public Verdict call(ExitCommand command, String commandLine, String argument, Map<String, String> parameters,
                        ConnectionFacts facts, Envelope envelope, Optional<MessageView> message) {
        if (closed) {
            return Verdict.CONTINUE;
        }
        if (command == ExitCommand.CONNECT || command == ExitCommand.HELO || command == ExitCommand.EHLO) {
            rebind();
        } else if (command == ExitCommand.MAIL || command == ExitCommand.RSET) {
            dropRetired();
        }
        if (command.startsOrAbandonsMessage()) {
            messageReject = null;
            for (Binding binding : bindings) {
                binding.accepted = false;
            }
        }
        if (messageReject != null && command.insideMessage()) {
            Verdict verdict = messageReject;
            if (command == ExitCommand.END_OF_DATA) {
                endOfMessage();
            }
            return verdict;
        }
        Verdict result = Verdict.CONTINUE;
        if (!bindings.isEmpty()) {
            result = runChain(new ExitCall(command, commandLine, argument, parameters, facts, envelope,
                bindings.get(0).state, null, message));
        }
        if (result.kind() == Verdict.Kind.REJECT_MESSAGE
            && (command == ExitCommand.MAIL || command.insideMessage())) {
            messageReject = result;
        }
        if (command == ExitCommand.END_OF_DATA) {
            endOfMessage();
        }
        return result;
    }

    /**
     * @param command the coming call
     * @return true when the call can be skipped altogether: no exit bound and none to bind at this command
     */
    public boolean hasNothingToCall(ExitCommand command) {
        if (closed) {
            return true;
        }
        boolean rebinds = command == ExitCommand.CONNECT || command == ExitCommand.HELO || command == ExitCommand.EHLO;
        return bindings.isEmpty() && (!rebinds || registry.active().isEmpty());
    }

    /**
     * @return true if every exit this conversation is bound to, and every exit it would bind to at the next
     *     {@code HELO}/{@code EHLO}, declared itself non-blocking and has not overrun its budget lately: the
     *     connection's next command line may then be processed on the I/O thread
     */
    public boolean callsMayRunOnIoThread() {
        for (Binding binding : bindings) {
            if (!binding.instance.callsMayRunOnIoThread()) {
                return false;
            }
        }
        for (ExitInstance instance : registry.active()) {
            if (!instance.callsMayRunOnIoThread()) {
                return false;
            }
        }
        return true;
    }

    /** Binds to the active exits for a lone call such as {@code PUNCH}, which has no connection open before it. */
    void bindForSingleCall() {
        rebind();
    }

    private Verdict runChain(ExitCall call) {
        ExitInvoker invoker = registry.invoker();
        for (Binding binding : bindings) {
            if (binding.accepted || binding.instance.isTerminated() || !binding.instance.wants(call.command())) {
                continue;
            }
            Verdict verdict = invoker.invoke(binding.instance, call.forExit(binding.state, binding.instance.token()));
            if (verdict.kind() == Verdict.Kind.ACCEPT) {
                binding.accepted = true;
            } else if (verdict.isReject()) {
                return verdict;
            }
        }
        return Verdict.CONTINUE;
    }

    private void endOfMessage() {
        messageReject = null;
        dropRetired();
    }

    private void rebind() {
        releaseAll();
        for (ExitInstance instance : registry.active()) {
            if (instance.acquire()) {
                bindings.add(new Binding(instance));
            }
        }
    }

    private void dropRetired() {
        bindings.removeIf(binding -> {
            if (binding.instance.isRetired()) {
                binding.instance.release();
                return true;
            }
            return false;
        });
    }

    private void releaseAll() {
        for (Binding binding : bindings) {
            binding.instance.release();
        }
        bindings.clear();
    }

    /** @return the names and generations of the exits this conversation is bound to, for tests and logs */
    public List<String> boundExits() {
        List<String> names = new ArrayList<>();
        for (Binding binding : bindings) {
            names.add(binding.instance.name() + "#" + binding.instance.generation());
        }
        return names;
    }

    /** Lets go of every exit; later calls answer continue. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            releaseAll();
        }
    }

    /** One exit as this conversation is bound to it. */
    private static final class Binding {
        private final ExitInstance instance;
        private final ExitState state = new ExitState();
        private boolean accepted;

        Binding(ExitInstance instance) {
            this.instance = instance;
        }
    }
}
