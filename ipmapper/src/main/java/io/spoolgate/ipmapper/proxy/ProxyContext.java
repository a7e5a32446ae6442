package io.spoolgate.ipmapper.proxy;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollMode;
import io.spoolgate.ipmapper.config.IpMapperConfig;

import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/** What the proxy's handlers share: settings, the current configuration, event loops and the connection count. */
final class ProxyContext {
    final IpMapperSettings settings;
    final AtomicReference<IpMapperConfig> config;
    final EventLoopGroup boss;
    final EventLoopGroup workers;
    final TargetResolver resolver = new TargetResolver();
    final WriteBufferWaterMark waterMark;
    final NetTransport transport;
    /** Read buffers grow with the traffic up to {@value #MAX_READ} bytes. */
    final AdaptiveRecvByteBufAllocator receiveBuffers;
    static final int MAX_READ = 256 * 1024;
    /** True when connections are relayed with splice(2) (epoll transport and {@code --relay splice}). */
    final boolean splice;
    private final AtomicInteger connections = new AtomicInteger();

    ProxyContext(IpMapperSettings settings, IpMapperConfig initial, NetTransport transport) {
        this.settings = settings;
        this.config = new AtomicReference<>(initial);
        this.transport = transport;
        this.boss = transport.group(1);
        this.workers = transport.group(settings.ioThreads());
        this.receiveBuffers = new AdaptiveRecvByteBufAllocator(512, 16 * 1024, MAX_READ);
        this.waterMark = new WriteBufferWaterMark(settings.writeBufferHigh() / 2, settings.writeBufferHigh());
        this.splice = transport == NetTransport.EPOLL && settings.relay() == IpMapperSettings.Relay.SPLICE;
    }

    /** @return the relay actually used: splice needs the epoll transport */
    IpMapperSettings.Relay relay() {
        return splice ? IpMapperSettings.Relay.SPLICE : IpMapperSettings.Relay.COPY;
    }

    /** Sets the options of accepted connections that will be relayed. */
    ServerBootstrap relayChildOptions(ServerBootstrap bootstrap) {
        bootstrap.childOption(ChannelOption.AUTO_READ, false)
            .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
            .childOption(ChannelOption.TCP_NODELAY, true)
            .childOption(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT)
            .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, waterMark)
            .childOption(ChannelOption.RCVBUF_ALLOCATOR, receiveBuffers);
        if (splice) {
            bootstrap.childOption(EpollChannelOption.EPOLL_MODE, EpollMode.LEVEL_TRIGGERED);
        }
        return bootstrap;
    }

    /** Gives an accepted channel its own counting receive allocator when splicing (see {@link CountingRecvAllocator}). */
    void prepareRelay(Channel channel) {
        if (splice) {
            channel.config().setRecvByteBufAllocator(new CountingRecvAllocator(receiveBuffers));
        }
    }

    IpMapperConfig config() {
        return config.get();
    }

    /** @return true and counts the connection when below the limit */
    boolean admit() {
        while (true) {
            int current = connections.get();
            if (current >= settings.maxConnections()) {
                return false;
            }
            if (connections.compareAndSet(current, current + 1)) {
                return true;
            }
        }
    }

    void leave() {
        connections.decrementAndGet();
    }

    int connections() {
        return connections.get();
    }

    /** @return a bootstrap for a target connection on the given loop, not reading until relayed */
    Bootstrap backend(EventLoop loop) {
        Bootstrap bootstrap = new Bootstrap()
            .group(loop)
            .channel(transport.channel())
            .option(ChannelOption.RCVBUF_ALLOCATOR, splice ? new CountingRecvAllocator(receiveBuffers) : receiveBuffers)
            .option(ChannelOption.AUTO_READ, false)
            .option(ChannelOption.ALLOW_HALF_CLOSURE, true)
            .option(ChannelOption.TCP_NODELAY, true)
            .option(ChannelOption.SO_KEEPALIVE, true)
            .option(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT)
            .option(ChannelOption.WRITE_BUFFER_WATER_MARK, waterMark)
            .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, settings.connectTimeout().toMillis()))
            .handler(Placeholder.INSTANCE);
        if (splice) {
            bootstrap.option(EpollChannelOption.EPOLL_MODE, EpollMode.LEVEL_TRIGGERED);
        }
        return bootstrap;
    }

    /**
     * Starts relaying between an accepted client channel and a connected target channel.
     *
     * @return the two directions (client to target, target to client) for byte counts
     */
    RelayDirection[] join(Channel client, Channel target) {
        if (splice) {
            return SpliceRelay.join(client, target, settings.idleTimeout());
        }
        RelayHandler up = new RelayHandler(target);
        RelayHandler down = new RelayHandler(client);
        client.pipeline().addLast("idle", new IdleCloser(settings.idleTimeout()));
        client.pipeline().addLast("relay", up);
        target.pipeline().addLast("relay", down);
        client.config().setAutoRead(true);
        target.config().setAutoRead(true);
        return new RelayDirection[] {up, down};
    }

    static String describe(Object address) {
        if (address instanceof InetSocketAddress inet) {
            return inet.getAddress().getHostAddress() + ":" + inet.getPort();
        }
        return String.valueOf(address);
    }

    /** Handler installed until the relay starts. */
    @ChannelHandler.Sharable
    static final class Placeholder extends ChannelInboundHandlerAdapter {
        static final Placeholder INSTANCE = new Placeholder();
    }
}
