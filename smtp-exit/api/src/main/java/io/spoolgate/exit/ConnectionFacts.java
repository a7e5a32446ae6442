package io.spoolgate.exit;

import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.Optional;

/**
 * What the server knows about the connection at the moment of a call. Immutable: a fresh snapshot is made
 * for every call.
 *
 * @param connectionId      the server's id for the connection (or for the spool file being replayed)
 * @param origin            TCP connection or VM spool
 * @param clientAddress     client address and port; empty for spool mail
 * @param localAddress      the server address and port the client reached; empty for spool mail
 * @param reverseName       the client's host name if the server already knows it (no lookup is made for the exit)
 * @param tls               whether TLS is active on the connection
 * @param authenticatedUser the SMTP AUTH user, if the client authenticated
 * @param heloName          the name given in the last {@code HELO}/{@code EHLO}, if any
 * @param spoolUser         for spool mail: the originating VM userid
 * @param spoolNode         for spool mail: the originating node
 */
public record ConnectionFacts(String connectionId, MailOrigin origin, Optional<InetSocketAddress> clientAddress,
                              Optional<InetSocketAddress> localAddress, Optional<String> reverseName, boolean tls,
                              Optional<String> authenticatedUser, Optional<String> heloName,
                              Optional<String> spoolUser, Optional<String> spoolNode) {

    /** Checks that no component is null. */
    public ConnectionFacts {
        Objects.requireNonNull(connectionId, "connectionId");
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(clientAddress, "clientAddress");
        Objects.requireNonNull(localAddress, "localAddress");
        Objects.requireNonNull(reverseName, "reverseName");
        Objects.requireNonNull(authenticatedUser, "authenticatedUser");
        Objects.requireNonNull(heloName, "heloName");
        Objects.requireNonNull(spoolUser, "spoolUser");
        Objects.requireNonNull(spoolNode, "spoolNode");
    }

    /** @return true when the client address is an IPv6 address */
    public boolean ipv6() {
        return clientAddress.map(a -> a.getAddress() instanceof Inet6Address).orElse(false);
    }

    /** @return the same facts with another HELO name */
    public ConnectionFacts withHeloName(String name) {
        return new ConnectionFacts(connectionId, origin, clientAddress, localAddress, reverseName, tls,
            authenticatedUser, Optional.ofNullable(name), spoolUser, spoolNode);
    }
}
