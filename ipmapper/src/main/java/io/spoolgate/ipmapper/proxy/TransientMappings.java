package io.spoolgate.ipmapper.proxy;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.SocketChannel;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.SortedSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * Makes, tracks and reclaims transient mappings. A mapping is made by binding a free transient port and opening
 * the target connection; it is reclaimed when its connection ends, when nobody connects within the transient
 * idle time, when the target drops the waiting connection, or on an explicit release.
 */
final class TransientMappings {
    private static final Logger LOG = Logger.getLogger(TransientMappings.class.getName());
    private static final int BIND_ATTEMPTS = 3;

    private final ProxyContext context;
    private final TransientPorts ports;
    private final ConcurrentHashMap<Integer, TransientMapping> active = new ConcurrentHashMap<>();

    TransientMappings(ProxyContext context, SortedSet<Integer> freePorts) {
        this.context = context;
        this.ports = new TransientPorts(freePorts);
    }

    /**
     * @return the mapping once its port listens and its target is connected; fails with {@link PickFailure}
     */
    CompletableFuture<TransientMapping> pick(String host, int port, String stack, String requester) {
        CompletableFuture<TransientMapping> result = new CompletableFuture<>();
        context.resolver.resolve(host, port).whenComplete((target, failure) -> {
            if (failure != null) {
                result.completeExceptionally(new PickFailure(451, "cannot resolve " + host + ": " + rootMessage(failure)));
                return;
            }
            bindAndConnect(host, port, stack, requester, target, BIND_ATTEMPTS, result);
        });
        return result;
    }

    private void bindAndConnect(String host, int port, String stack, String requester, InetSocketAddress target, int attempts,
                                CompletableFuture<TransientMapping> result) {
        OptionalInt free = ports.allocate();
        if (free.isEmpty()) {
            LOG.warning("no free transient port for " + requester + " -> " + host + ":" + port);
            result.completeExceptionally(new PickFailure(421, "no free transient port, try again later"));
            return;
        }
        int transientPort = free.getAsInt();
        TransientMapping mapping = new TransientMapping(transientPort, host, port, stack, requester);
        EventLoop loop = context.workers.next();
        ChannelFuture bind = context.relayChildOptions(new ServerBootstrap())
            .group(context.boss, loop)
            .channel(context.transport.serverChannel())
            .option(ChannelOption.SO_REUSEADDR, true)
            .childHandler(new ChannelInitializer<SocketChannel>() {
                @Override
                protected void initChannel(SocketChannel channel) {
                    context.prepareRelay(channel);
                    channel.pipeline().addLast("accept", new AcceptHandler(mapping));
                }
            })
            .bind(context.settings.transientBindAddress(), transientPort);
        bind.addListener(bound -> {
            if (!bound.isSuccess()) {
                ports.release(transientPort);
                LOG.warning("cannot listen on transient port " + transientPort + ": " + bound.cause());
                if (attempts > 1) {
                    bindAndConnect(host, port, stack, requester, target, attempts - 1, result);
                } else {
                    result.completeExceptionally(new PickFailure(421, "cannot listen on a transient port: " + rootMessage(bound.cause())));
                }
                return;
            }
            mapping.listener = bind.channel();
            active.put(transientPort, mapping);
            var bootstrap = context.backend(loop);
            context.settings.outboundBindAddress().ifPresent(local -> bootstrap.localAddress(local, 0));
            bootstrap.connect(target).addListener(connected -> {
                if (!connected.isSuccess()) {
                    PickFailure failure = new PickFailure(451, "cannot connect to " + ProxyContext.describe(target) + ": "
                        + rootMessage(connected.cause()));
                    release(transientPort, "target unreachable").whenComplete((released, error) -> result.completeExceptionally(failure));
                    return;
                }
                Channel targetChannel = ((ChannelFuture) connected).channel();
                mapping.target = targetChannel;
                mapping.targetAddress = target;
                targetChannel.closeFuture().addListener(closed -> release(transientPort, "target connection ended"));
                if (mapping.state() == TransientMapping.State.RELEASED) {
                    targetChannel.close();
                    result.completeExceptionally(new PickFailure(451, "mapping released while connecting"));
                    return;
                }
                loop.schedule(() -> {
                    if (mapping.state() == TransientMapping.State.WAITING) {
                        release(transientPort, "nobody connected within " + context.settings.transientIdle().toSeconds() + " s");
                    }
                }, context.settings.transientIdle().toMillis(), TimeUnit.MILLISECONDS);
                LOG.info("transient " + transientPort + " mapped for " + requester + " -> " + ProxyContext.describe(target)
                    + " stack " + stack + " via " + ProxyContext.describe(targetChannel.localAddress()));
                result.complete(mapping);
            });
        });
    }

    /**
     * Ends a mapping: stops listening, closes its connections (after flushing) and returns the port to the pool once
     * the listening socket is closed.
     *
     * @param port   transient port
     * @param reason why, for the log
     * @return completes with true when the port was mapped, once it no longer listens; false when it was not mapped
     */
    CompletableFuture<Boolean> release(int port, String reason) {
        TransientMapping mapping = active.get(port);
        if (mapping == null || !mapping.markReleased()) {
            return CompletableFuture.completedFuture(false);
        }
        active.remove(port, mapping);
        if (mapping.client != null) {
            RelayHandler.closeAfterFlush(mapping.client);
        }
        if (mapping.target != null) {
            RelayHandler.closeAfterFlush(mapping.target);
        }
        RelayDirection[] relay = mapping.relay;
        LOG.info("transient " + port + " released (" + reason + ")"
            + (relay == null ? "" : ": " + relay[0].bytes() + " bytes out, " + relay[1].bytes() + " bytes in")
            + ", " + mapping.ageSeconds() + " s");
        CompletableFuture<Boolean> closed = new CompletableFuture<>();
        mapping.listener.close().addListener(done -> {
            ports.release(port);
            closed.complete(true);
        });
        return closed;
    }

    List<TransientMapping> list() {
        List<TransientMapping> result = new ArrayList<>(active.values());
        result.sort(java.util.Comparator.comparingInt(TransientMapping::port));
        return result;
    }

    int freeCount() {
        return ports.freeCount();
    }

    void reconfigure(SortedSet<Integer> freePorts) {
        ports.reconfigure(freePorts);
    }

    void closeAll() {
        for (Integer port : new ArrayList<>(active.keySet())) {
            release(port, "shutdown");
        }
    }

    private static String rootMessage(Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    }

    /** Why a transient mapping could not be made; {@code code} is the control reply code (4xx = try later). */
    static final class PickFailure extends Exception {
        private static final long serialVersionUID = 1L;
        final int code;

        PickFailure(int code, String message) {
            super(message);
            this.code = code;
        }
    }

    /** Joins the first authorised client of a transient port to the mapping's target connection. */
    private final class AcceptHandler extends ChannelInboundHandlerAdapter {
        private final TransientMapping mapping;

        AcceptHandler(TransientMapping mapping) {
            this.mapping = mapping;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            Channel client = ctx.channel();
            InetSocketAddress remote = (InetSocketAddress) client.remoteAddress();
            if (!context.config().controlAuth().allows(remote.getAddress())) {
                LOG.warning("refused " + ProxyContext.describe(remote) + " on transient " + mapping.port() + ": address not authorised");
                client.close();
                return;
            }
            if (mapping.target == null || !mapping.claim(client)) {
                LOG.warning("refused " + ProxyContext.describe(remote) + " on transient " + mapping.port() + ": mapping not waiting");
                client.close();
                return;
            }
            if (!context.admit()) {
                LOG.warning("refused " + ProxyContext.describe(remote) + " on transient " + mapping.port() + ": too many connections");
                release(mapping.port(), "connection limit");
                return;
            }
            client.closeFuture().addListener(closed -> {
                context.leave();
                release(mapping.port(), "connection ended");
            });
            mapping.listener.close();
            ctx.pipeline().remove(this);
            mapping.relay = context.join(client, mapping.target);
            LOG.info("transient " + mapping.port() + " connected " + ProxyContext.describe(remote) + " -> "
                + ProxyContext.describe(mapping.targetAddress));
        }
    }
}
