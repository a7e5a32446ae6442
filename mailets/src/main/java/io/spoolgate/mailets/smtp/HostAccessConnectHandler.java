package io.spoolgate.mailets.smtp;

import javax.inject.Inject;

import org.apache.commons.configuration2.Configuration;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.james.dnsservice.api.DNSService;
import org.apache.james.filesystem.api.FileSystem;
import org.apache.james.protocols.api.Response;
import org.apache.james.protocols.api.handler.ConnectHandler;
import org.apache.james.protocols.smtp.SMTPResponse;
import org.apache.james.protocols.smtp.SMTPSession;

import io.spoolgate.addressing.access.AccessDecision;

/**
 * Host access at connect time, for clients that reach James directly: a denied client gets
 * {@code 554 5.7.1 Access denied} and the connection is closed before the greeting. Behind a PROXY-protocol proxy this
 * handler sees the proxy's address, so declare {@link HostAccessHook} as well. Needs
 * {@code <handlerchain enableJmx="false">} (James 3.8.1's JMX monitor cannot handle the null an allowed client gets).
 *
 * <p>Parameters (child elements of {@code <handler>}):
 * <ul>
 * <li>{@code accessFile} — the host access list; default {@code file://conf/hostaccess}; re-read when changed.</li>
 * </ul>
 */
public final class HostAccessConnectHandler implements ConnectHandler<SMTPSession> {

    private final FileSystem fileSystem;
    private final DNSService dns;
    private HostAccessGuard guard;

    @Inject
    public HostAccessConnectHandler(FileSystem fileSystem, DNSService dns) {
        this.fileSystem = fileSystem;
        this.dns = dns;
    }

    @Override
    public void init(Configuration config) throws ConfigurationException {
        guard = HostAccessGuard.configure(config, fileSystem, dns);
    }

    @Override
    public Response onConnect(SMTPSession session) {
        AccessDecision decision = guard.decide(session);
        if (decision.allowed()) {
            return null;
        }
        SMTPResponse response = new SMTPResponse("554", HostAccessGuard.refusal(session.getRemoteAddress().getAddress()));
        response.setEndSession(true);
        return response;
    }
}
