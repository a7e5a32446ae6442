package io.spoolgate.addressing.access;

import java.net.InetAddress;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * One line of the host access list: {@code allow} or {@code deny} a CIDR range, an address or a host-name pattern.
 *
 * @param allow   whether a match is let in
 * @param range   the address range, when the rule is about addresses
 * @param name    the host-name pattern, when the rule is about names
 * @param line    the line number in the list (for logs and refusals)
 */
public record AccessRule(boolean allow, Optional<AddressRange> range, Optional<HostNamePattern> name, int line) {

    /** @param hostName the client's reverse-DNS name, looked up only when a name rule needs it */
    public boolean matches(InetAddress client, Supplier<Optional<String>> hostName) {
        if (range.isPresent()) {
            return range.get().contains(client);
        }
        return hostName.get().map(h -> name.get().matches(h)).orElse(false);
    }

    @Override
    public String toString() {
        return (allow ? "allow " : "deny ") + range.map(Object::toString).orElseGet(() -> name.get().toString())
            + " (line " + line + ")";
    }
}
