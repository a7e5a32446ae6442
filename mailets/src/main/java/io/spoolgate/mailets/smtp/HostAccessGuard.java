package io.spoolgate.mailets.smtp;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.commons.configuration2.Configuration;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.james.dnsservice.api.DNSService;
import org.apache.james.filesystem.api.FileSystem;
import org.apache.james.protocols.smtp.SMTPSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.spoolgate.addressing.access.AccessDecision;
import io.spoolgate.addressing.access.HostAccessFile;

/**
 * The host access list as the SMTP handlers use it: loaded from the handler's {@code accessFile} (default
 * {@code file://conf/hostaccess}), one shared instance per file, decisions on the session's client address (the real
 * client behind a PROXY-protocol proxy once the header is read) with reverse DNS through James's DNS service.
 */
final class HostAccessGuard {

    static final String DEFAULT_LOCATION = "file://conf/hostaccess";
    private static final Logger LOGGER = LoggerFactory.getLogger(HostAccessGuard.class);
    private static final Map<String, HostAccessFile> FILES = new ConcurrentHashMap<>();

    private final HostAccessFile file;
    private final DNSService dns;

    private HostAccessGuard(HostAccessFile file, DNSService dns) {
        this.file = file;
        this.dns = dns;
    }

    static HostAccessGuard configure(Configuration config, FileSystem fileSystem, DNSService dns)
        throws ConfigurationException {
        String location = config.getString("accessFile", DEFAULT_LOCATION);
        try {
            File f = fileSystem.getFile(location);
            String key = f.toPath().toAbsolutePath().normalize().toString();
            return new HostAccessGuard(FILES.computeIfAbsent(key, k -> new HostAccessFile(f.toPath())), dns);
        } catch (IOException | IllegalArgumentException e) {
            throw new ConfigurationException("host access list " + location + ": " + e.getMessage(), e);
        }
    }

    /** @return true if the list in force has host-name rules (a decision may then wait for reverse DNS) */
    boolean mayLookUpNames() {
        return file.current().hasNameRules();
    }

    AccessDecision decide(SMTPSession session) {
        InetSocketAddress remote = session.getRemoteAddress();
        InetAddress client = remote.getAddress();
        if (client == null) {
            return new AccessDecision(false, "unresolved client address " + remote.getHostString());
        }
        AccessDecision decision = file.current().decide(client, this::reverseDns);
        if (!decision.allowed()) {
            LOGGER.info("SMTP session {}: client {} denied by {}", session.getSessionID(), client.getHostAddress(),
                decision.rule());
        }
        return decision;
    }

    private Optional<String> reverseDns(InetAddress client) {
        try {
            String name = dns.getHostName(client);
            return name == null || name.equals(client.getHostAddress()) ? Optional.empty() : Optional.of(name);
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    static String refusal(InetAddress client) {
        return "5.7.1 Access denied: host " + client.getHostAddress() + " may not use this server";
    }
}
