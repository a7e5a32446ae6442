package io.spoolgate.exit.support;

import io.spoolgate.exit.ConnectionFacts;
import io.spoolgate.exit.Envelope;
import io.spoolgate.exit.ExitCall;
import io.spoolgate.exit.ExitCommand;
import io.spoolgate.exit.ExitState;
import io.spoolgate.exit.MailOrigin;
import io.spoolgate.exit.MessageView;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Builds exit calls for unit tests of exits, as the host would make them. */
public final class Calls {
    private final ExitState state = new ExitState();
    private final Object token;
    private ConnectionFacts facts;
    private String sender;
    private List<String> recipients = List.of();

    /** @param client client IP @param token the exit's token */
    public Calls(String client, Object token) {
        this.token = token;
        this.facts = new ConnectionFacts("c1", MailOrigin.TCP, Optional.of(new InetSocketAddress(client, 40000)),
            Optional.of(new InetSocketAddress("127.0.0.1", 25)), Optional.empty(), false, Optional.empty(),
            Optional.empty(), Optional.empty(), Optional.empty());
    }

    /** @return calls for spool mail from a VM user */
    public static Calls spool(String user, String node, Object token) {
        Calls calls = new Calls("127.0.0.1", token);
        calls.facts = new ConnectionFacts("spool-1", MailOrigin.SPOOL, Optional.empty(), Optional.empty(),
            Optional.empty(), false, Optional.empty(), Optional.of(node), Optional.of(user), Optional.of(node));
        return calls;
    }

    public ExitCall connect() {
        return make(ExitCommand.CONNECT, "", Optional.empty());
    }

    public ExitCall helo(String name) {
        facts = facts.withHeloName(name);
        return make(ExitCommand.EHLO, name, Optional.empty());
    }

    public ExitCall mail(String from) {
        recipients = List.of();
        sender = null;
        ExitCall call = make(ExitCommand.MAIL, from, Optional.empty());
        sender = from;
        return call;
    }

    public ExitCall rcpt(String to) {
        return make(ExitCommand.RCPT, to, Optional.empty());
    }

    /** Records a recipient as accepted (what James does after RCPT succeeds). */
    public void accepted(String to) {
        recipients = new java.util.ArrayList<>(recipients);
        recipients.add(to);
    }

    public ExitCall data() {
        return make(ExitCommand.DATA, "", Optional.empty());
    }

    public ExitCall endOfData(String message) {
        byte[] bytes = message.getBytes(StandardCharsets.US_ASCII);
        return make(ExitCommand.END_OF_DATA, "", Optional.of(new MessageView() {
            @Override
            public long size() {
                return bytes.length;
            }

            @Override
            public InputStream open() {
                return new ByteArrayInputStream(bytes);
            }
        }));
    }

    private ExitCall make(ExitCommand command, String argument, Optional<MessageView> message) {
        return new ExitCall(command, command.name() + " " + argument, argument, Map.of(), facts,
            new Envelope(Optional.ofNullable(sender), recipients), state, token, message);
    }
}
