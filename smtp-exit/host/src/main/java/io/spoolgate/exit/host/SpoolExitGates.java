package io.spoolgate.exit.host;

import io.spoolgate.exit.ConnectionFacts;
import io.spoolgate.exit.Envelope;
import io.spoolgate.exit.ExitCommand;
import io.spoolgate.exit.MailOrigin;
import io.spoolgate.exit.MessageView;
import io.spoolgate.exit.PunchGate;
import io.spoolgate.exit.SpoolEnvelope;
import io.spoolgate.exit.SpoolMailGate;
import io.spoolgate.exit.Verdict;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Shows spool mail to the exit chain: {@link #replay} replays a spool file's envelope as an SMTP dialogue with the
 * spool origin marked; {@link #beforePunch} makes the {@code PUNCH} call before delivery into a reader. Plain Java:
 * the spool intake and the vmspool repository call it directly (it is bound in the Guice module).
 */
public final class SpoolExitGates implements SpoolMailGate, PunchGate {
    private final ExitRegistry registry;

    /** @param registry the exit chain */
    public SpoolExitGates(ExitRegistry registry) {
        this.registry = registry;
    }

    @Override
    public Verdict replay(SpoolEnvelope envelope, MessageView message) {
        if (registry.active().isEmpty()) {
            return Verdict.CONTINUE;
        }
        ConnectionFacts facts = facts(envelope, "spool-" + envelope.spoolId());
        try (ExitConversation conversation = registry.openConversation()) {
            Verdict verdict = conversation.call(ExitCommand.CONNECT, "", "", Map.of(), facts, Envelope.EMPTY,
                Optional.empty());
            if (verdict.isReject()) {
                return verdict;
            }
            String helo = envelope.heloName().isEmpty() ? envelope.vmNode() : envelope.heloName();
            verdict = conversation.call(ExitCommand.HELO, "HELO " + helo, helo, Map.of(), facts, Envelope.EMPTY,
                Optional.empty());
            if (verdict.isReject()) {
                return verdict;
            }
            Envelope soFar = new Envelope(Optional.of(envelope.sender()), List.of());
            verdict = conversation.call(ExitCommand.MAIL, "MAIL FROM:<" + envelope.sender() + ">",
                envelope.sender(), Map.of(), facts, soFar, Optional.empty());
            if (verdict.isReject()) {
                return verdict;
            }
            List<String> accepted = new ArrayList<>();
            for (String recipient : envelope.recipients()) {
                verdict = conversation.call(ExitCommand.RCPT, "RCPT TO:<" + recipient + ">", recipient, Map.of(),
                    facts, new Envelope(Optional.of(envelope.sender()), accepted), Optional.empty());
                if (verdict.isReject()) {
                    return verdict;
                }
                accepted.add(recipient);
            }
            Envelope full = new Envelope(Optional.of(envelope.sender()), accepted);
            verdict = conversation.call(ExitCommand.DATA, "DATA", "", Map.of(), facts, full, Optional.empty());
            if (verdict.isReject()) {
                return verdict;
            }
            return conversation.call(ExitCommand.END_OF_DATA, "", "", Map.of(), facts, full, Optional.of(message));
        }
    }

    @Override
    public Verdict beforePunch(SpoolEnvelope envelope, MessageView message) {
        if (registry.active().isEmpty()) {
            return Verdict.CONTINUE;
        }
        ConnectionFacts facts = facts(envelope, "punch-" + envelope.spoolId());
        try (ExitConversation conversation = registry.openConversation()) {
            conversation.bindForSingleCall();
            return conversation.call(ExitCommand.PUNCH, "", envelope.vmUser() + "@" + envelope.vmNode(), Map.of(),
                facts, new Envelope(Optional.of(envelope.sender()), envelope.recipients()), Optional.of(message));
        }
    }

    private static ConnectionFacts facts(SpoolEnvelope envelope, String id) {
        return new ConnectionFacts(id, MailOrigin.SPOOL, Optional.empty(), Optional.empty(), Optional.empty(),
            false, Optional.empty(), Optional.of(envelope.heloName().isEmpty() ? envelope.vmNode()
                : envelope.heloName()), Optional.of(envelope.vmUser()), Optional.of(envelope.vmNode()));
    }
}
