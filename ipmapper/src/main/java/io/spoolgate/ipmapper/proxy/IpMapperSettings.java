package io.spoolgate.ipmapper.proxy;

import java.time.Duration;
import java.util.Optional;

/**
 * Run-time settings of the proxy that do not live in the mapping files. Build with {@link #builder()}; every
 * value has a default.
 *
 * @param bindAddress          address the static mappings listen on (default {@code 0.0.0.0})
 * @param transientBindAddress address the transient ports listen on (default {@code 127.0.0.1})
 * @param controlAddress       address of the control port (default {@code 127.0.0.1})
 * @param controlPort          control port (default 49999; 0 picks a free port)
 * @param outboundBindAddress  local address for outbound connections of transient mappings, so they leave from
 *                             the old public address (default: chosen by the OS)
 * @param idleTimeout          a proxied connection with no traffic either way is closed after this (default 10 min)
 * @param transientIdle        a transient mapping nobody connected to is reclaimed after this (default 60 s)
 * @param connectTimeout       timeout for connecting to a target (default 10 s)
 * @param maxConnections       most concurrent proxied connections; more are refused (default 20000)
 * @param writeBufferHigh      per-connection outbound buffer high water mark in bytes: reading from the other
 *                             side pauses above it (default 256 KiB; low mark is half)
 * @param ioThreads            event-loop threads (default 0 = Netty's default, twice the cores)
 * @param relay                how bytes are moved between the two sockets (default {@link Relay#SPLICE}; the
 *                             copying relay is used where splice is not available)
 */
public record IpMapperSettings(String bindAddress, String transientBindAddress, String controlAddress, int controlPort,
                               Optional<String> outboundBindAddress, Duration idleTimeout, Duration transientIdle,
                               Duration connectTimeout, int maxConnections, int writeBufferHigh, int ioThreads,
                               Relay relay) {

    /** Default control port, as in the original product. */
    public static final int DEFAULT_CONTROL_PORT = 49999;

    /** How a proxied connection's bytes move from one socket to the other. */
    public enum Relay {
        /** Read into pooled buffers and write them out (works on every transport). */
        COPY,
        /** {@code splice(2)} through a pipe, the bytes stay in the kernel (epoll transport only, else COPY). */
        SPLICE
    }

    /** @return a builder holding the defaults */
    public static Builder builder() {
        return new Builder();
    }

    /** Mutable builder for {@link IpMapperSettings}. */
    public static final class Builder {
        private String bindAddress = "0.0.0.0";
        private String transientBindAddress = "127.0.0.1";
        private String controlAddress = "127.0.0.1";
        private int controlPort = DEFAULT_CONTROL_PORT;
        private Optional<String> outboundBindAddress = Optional.empty();
        private Duration idleTimeout = Duration.ofMinutes(10);
        private Duration transientIdle = Duration.ofSeconds(60);
        private Duration connectTimeout = Duration.ofSeconds(10);
        private int maxConnections = 20000;
        private int writeBufferHigh = 256 * 1024;
        private int ioThreads;
        private Relay relay = Relay.SPLICE;

        private Builder() {
        }

        /** @param value listen address of static mappings @return this */
        public Builder bindAddress(String value) {
            bindAddress = value;
            return this;
        }

        /** @param value listen address of transient ports @return this */
        public Builder transientBindAddress(String value) {
            transientBindAddress = value;
            return this;
        }

        /** @param value control port address @return this */
        public Builder controlAddress(String value) {
            controlAddress = value;
            return this;
        }

        /** @param value control port (0 = any free port) @return this */
        public Builder controlPort(int value) {
            controlPort = value;
            return this;
        }

        /** @param value local address for outbound transient connections @return this */
        public Builder outboundBindAddress(String value) {
            outboundBindAddress = Optional.ofNullable(value);
            return this;
        }

        /** @param value idle timeout of proxied connections @return this */
        public Builder idleTimeout(Duration value) {
            idleTimeout = value;
            return this;
        }

        /** @param value how long an unused transient mapping lives @return this */
        public Builder transientIdle(Duration value) {
            transientIdle = value;
            return this;
        }

        /** @param value target connect timeout @return this */
        public Builder connectTimeout(Duration value) {
            connectTimeout = value;
            return this;
        }

        /** @param value most concurrent proxied connections @return this */
        public Builder maxConnections(int value) {
            maxConnections = value;
            return this;
        }

        /** @param value outbound buffer high water mark in bytes @return this */
        public Builder writeBufferHigh(int value) {
            writeBufferHigh = value;
            return this;
        }

        /** @param value event-loop threads, 0 for Netty's default @return this */
        public Builder ioThreads(int value) {
            ioThreads = value;
            return this;
        }

        /** @param value copy or splice relay @return this */
        public Builder relay(Relay value) {
            relay = java.util.Objects.requireNonNull(value);
            return this;
        }

        /** @return the settings */
        public IpMapperSettings build() {
            if (maxConnections < 1 || writeBufferHigh < 1024 || ioThreads < 0 || controlPort < 0 || controlPort > 65535) {
                throw new IllegalArgumentException("invalid settings: maxConnections=" + maxConnections + " writeBufferHigh="
                    + writeBufferHigh + " ioThreads=" + ioThreads + " controlPort=" + controlPort);
            }
            return new IpMapperSettings(bindAddress, transientBindAddress, controlAddress, controlPort, outboundBindAddress,
                idleTimeout, transientIdle, connectTimeout, maxConnections, writeBufferHigh, ioThreads, relay);
        }
    }
}
