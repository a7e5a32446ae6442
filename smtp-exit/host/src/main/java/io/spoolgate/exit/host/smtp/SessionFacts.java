package io.spoolgate.exit.host.smtp;

import io.spoolgate.exit.ConnectionFacts;
import io.spoolgate.exit.Envelope;
import io.spoolgate.exit.MailOrigin;
import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.apache.james.core.Username;
import org.apache.james.protocols.api.ProtocolSession;
import org.apache.james.protocols.smtp.SMTPSession;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** Reads the exit API's connection facts and envelope out of a James SMTP session. */
final class SessionFacts {

    private SessionFacts() {
    }

    static ConnectionFacts of(SMTPSession session) {
        InetSocketAddress remote = session.getRemoteAddress();
        Optional<String> reverse = Optional.ofNullable(remote)
            .filter(address -> !address.isUnresolved() && address.getAddress() != null)
            .map(InetSocketAddress::getHostString)
            .filter(name -> !name.equals(remote.getAddress().getHostAddress()));
        Optional<String> helo = session.getAttachment(SMTPSession.CURRENT_HELO_NAME, ProtocolSession.State.Connection);
        return new ConnectionFacts(session.getSessionID(), MailOrigin.TCP, Optional.ofNullable(remote),
            Optional.ofNullable(session.getLocalAddress()), reverse, session.isTLSStarted(),
            Optional.ofNullable(session.getUsername()).map(Username::asString), helo, Optional.empty(),
            Optional.empty());
    }

    static Envelope envelope(SMTPSession session) {
        Optional<MaybeSender> sender = session.getAttachment(SMTPSession.SENDER, ProtocolSession.State.Transaction);
        List<MailAddress> recipients = session.getAttachment(SMTPSession.RCPT_LIST, ProtocolSession.State.Transaction)
            .orElse(List.of());
        return new Envelope(sender.map(MaybeSender::asString), recipients.stream().map(MailAddress::asString)
            .collect(Collectors.toList()));
    }
}
