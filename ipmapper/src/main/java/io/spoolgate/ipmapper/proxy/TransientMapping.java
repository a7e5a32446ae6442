package io.spoolgate.ipmapper.proxy;

import io.netty.channel.Channel;

import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A transient port mapped to one outbound target. Its target connection is opened when the mapping is made; the
 * first authorised client to connect to the port is joined to it and the port stops listening.
 */
public final class TransientMapping {
    /** Life of a mapping. */
    public enum State {
        /** Bound and connected to the target, waiting for the client. */
        WAITING,
        /** A client is connected and bytes flow. */
        ACTIVE,
        /** Released; the port is back in the pool. */
        RELEASED
    }

    private final int port;
    private final String targetHost;
    private final int targetPort;
    private final String stack;
    private final String requester;
    private final long createdNanos = System.nanoTime();
    private final AtomicReference<State> state = new AtomicReference<>(State.WAITING);
    private final AtomicBoolean released = new AtomicBoolean();
    volatile Channel listener;
    volatile Channel target;
    volatile InetSocketAddress targetAddress;
    volatile Channel client;
    volatile RelayDirection[] relay;

    TransientMapping(int port, String targetHost, int targetPort, String stack, String requester) {
        this.port = port;
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        this.stack = stack;
        this.requester = requester;
    }

    /** @return the transient port */
    public int port() {
        return port;
    }

    /** @return the target host as requested */
    public String targetHost() {
        return targetHost;
    }

    /** @return the target port */
    public int targetPort() {
        return targetPort;
    }

    /** @return the stack name given by the requester */
    public String stack() {
        return stack;
    }

    /** @return the control client that asked for the mapping */
    public String requester() {
        return requester;
    }

    /** @return the current state */
    public State state() {
        return state.get();
    }

    /** @return seconds since the mapping was made */
    public long ageSeconds() {
        return (System.nanoTime() - createdNanos) / 1_000_000_000L;
    }

    boolean claim(Channel channel) {
        if (state.compareAndSet(State.WAITING, State.ACTIVE)) {
            client = channel;
            return true;
        }
        return false;
    }

    boolean markReleased() {
        state.set(State.RELEASED);
        return released.compareAndSet(false, true);
    }
}
