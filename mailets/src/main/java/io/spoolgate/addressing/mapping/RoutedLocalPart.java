package io.spoolgate.addressing.mapping;

import java.util.Optional;

/**
 * Local parts that smuggle a route to another host ({@code user%other}, {@code host!user}, {@code "user@other"}):
 * relay tricks an open relay would follow. Spoolgate refuses them for local domains.
 */
public final class RoutedLocalPart {

    private RoutedLocalPart() {
    }

    /** @return why the local part is a route, or empty when it is a plain mailbox name */
    public static Optional<String> reason(String localPart) {
        if (localPart.indexOf('%') >= 0) {
            return Optional.of("'%' routing in the local part");
        }
        if (localPart.indexOf('!') >= 0) {
            return Optional.of("'!' (UUCP bang path) routing in the local part");
        }
        if (localPart.indexOf('@') >= 0) {
            return Optional.of("'@' inside the local part");
        }
        if (localPart.indexOf(':') >= 0) {
            return Optional.of("source route in the local part");
        }
        return Optional.empty();
    }
}
