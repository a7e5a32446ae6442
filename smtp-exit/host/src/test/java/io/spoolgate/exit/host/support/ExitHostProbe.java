package io.spoolgate.exit.host.support;

import io.spoolgate.exit.PunchGate;
import io.spoolgate.exit.SpoolMailGate;
import io.spoolgate.exit.host.ExitRegistry;
import org.apache.james.smtpserver.netty.SMTPServerFactory;
import org.apache.james.utils.GuiceProbe;

import javax.inject.Inject;
import java.net.InetSocketAddress;
import java.util.List;

/** Gives tests the exit host's singletons from the running James server. */
public class ExitHostProbe implements GuiceProbe {
    private final ExitRegistry registry;
    private final SpoolMailGate spoolMailGate;
    private final PunchGate punchGate;
    private final SMTPServerFactory smtpServers;

    /** Injected by Guice. */
    @Inject
    public ExitHostProbe(ExitRegistry registry, SpoolMailGate spoolMailGate, PunchGate punchGate,
                         SMTPServerFactory smtpServers) {
        this.registry = registry;
        this.spoolMailGate = spoolMailGate;
        this.punchGate = punchGate;
        this.smtpServers = smtpServers;
    }

    /** @return the SMTP servers' ports, in smtpserver.xml order */
    public List<Integer> smtpPorts() {
        return smtpServers.getServers().stream()
            .map(server -> server.getListenAddresses().get(0))
            .map(InetSocketAddress::getPort)
            .toList();
    }

    public ExitRegistry registry() {
        return registry;
    }

    public SpoolMailGate spoolMailGate() {
        return spoolMailGate;
    }

    public PunchGate punchGate() {
        return punchGate;
    }
}
