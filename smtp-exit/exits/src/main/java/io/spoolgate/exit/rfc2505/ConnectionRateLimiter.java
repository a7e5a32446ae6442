package io.spoolgate.exit.rfc2505;

import java.net.InetAddress;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts connections per client address in one-minute windows and says when an address is over its limit.
 * Bounded: at most {@code maxAddresses} addresses are tracked; when full, the table is cleared (forgetting counts
 * is the safe direction).
 */
public final class ConnectionRateLimiter {
    private final int perMinute;
    private final int maxAddresses;
    private final Clock clock;
    private final Map<InetAddress, Window> windows = new ConcurrentHashMap<>();

    /**
     * @param perMinute    connections allowed per address per minute
     * @param maxAddresses most addresses tracked
     * @param clock        time source
     */
    public ConnectionRateLimiter(int perMinute, int maxAddresses, Clock clock) {
        this.perMinute = perMinute;
        this.maxAddresses = maxAddresses;
        this.clock = clock;
    }

    /** @param address a connecting client @return true if this connection is within the limit */
    public boolean admit(InetAddress address) {
        long minute = clock.millis() / 60_000;
        if (windows.size() >= maxAddresses && !windows.containsKey(address)) {
            windows.clear();
        }
        Window window = windows.compute(address, (a, old) -> old == null || old.minute != minute
            ? new Window(minute, 1) : new Window(minute, old.count + 1));
        return window.count <= perMinute;
    }

    private record Window(long minute, int count) {
    }
}
