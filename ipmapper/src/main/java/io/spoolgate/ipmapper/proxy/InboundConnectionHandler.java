package io.spoolgate.ipmapper.proxy;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;
import io.spoolgate.ipmapper.config.ClientAcl;
import io.spoolgate.ipmapper.config.PortMapping;
import io.spoolgate.ipmapper.config.ProxyProtocol;

import java.net.InetSocketAddress;
import java.util.logging.Logger;

/**
 * Handles one client accepted on a static mapping: checks the client ACL, connects to the target, sends the
 * PROXY protocol header and starts the relay. Logs one line when the connection opens and one when it ends.
 */
final class InboundConnectionHandler extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = Logger.getLogger(InboundConnectionHandler.class.getName());

    private final ProxyContext context;
    private final StaticListeners.Listener listener;

    InboundConnectionHandler(ProxyContext context, StaticListeners.Listener listener) {
        this.context = context;
        this.listener = listener;
    }

    /** Installs a fresh handler on each accepted channel. */
    static final class Initializer extends ChannelInitializer<SocketChannel> {
        private final ProxyContext context;
        private final StaticListeners.Listener listener;

        Initializer(ProxyContext context, StaticListeners.Listener listener) {
            this.context = context;
            this.listener = listener;
        }

        @Override
        protected void initChannel(SocketChannel channel) {
            context.prepareRelay(channel);
            channel.pipeline().addLast("inbound", new InboundConnectionHandler(context, listener));
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        Channel client = ctx.channel();
        InetSocketAddress remote = (InetSocketAddress) client.remoteAddress();
        InetSocketAddress local = (InetSocketAddress) client.localAddress();
        PortMapping mapping = listener.mapping;
        String who = ProxyContext.describe(remote) + " on " + mapping.listenPort();
        ClientAcl.Decision decision = context.config().clientAcl().check(remote.getAddress());
        if (!decision.allowed()) {
            LOG.warning("refused " + who + ": denied by ACL line " + decision.rule().line() + " (" + decision.rule().network() + ")");
            client.close();
            return;
        }
        if (!context.admit()) {
            LOG.warning("refused " + who + ": " + context.settings.maxConnections() + " connections already open");
            client.close();
            return;
        }
        long started = System.nanoTime();
        client.closeFuture().addListener(closed -> context.leave());
        context.resolver.resolve(mapping.targetHost(), mapping.targetPort()).whenComplete((target, failure) -> {
            if (failure != null) {
                LOG.warning("closed " + who + ": cannot resolve " + mapping.targetHost() + ": " + failure);
                client.close();
                return;
            }
            context.backend(client.eventLoop()).connect(target).addListener(connected -> {
                if (!connected.isSuccess()) {
                    LOG.warning("closed " + who + ": cannot connect to " + ProxyContext.describe(target) + ": " + connected.cause());
                    client.close();
                    return;
                }
                Channel backend = ((io.netty.channel.ChannelFuture) connected).channel();
                if (!client.isActive()) {
                    backend.close();
                    return;
                }
                if (mapping.proxyProtocol() != ProxyProtocol.NONE) {
                    backend.write(Unpooled.wrappedBuffer(ProxyHeader.encode(mapping.proxyProtocol(), remote, local)), backend.voidPromise());
                }
                ctx.pipeline().remove(this);
                RelayDirection[] relay = context.join(client, backend);
                LOG.info("open " + who + " -> " + ProxyContext.describe(target) + " proxy=" + mapping.proxyProtocol());
                client.closeFuture().addListener(closed -> LOG.info("end " + who + ": " + relay[0].bytes() + " bytes in, "
                    + relay[1].bytes() + " bytes out, " + (System.nanoTime() - started) / 1_000_000 + " ms"));
            });
        });
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.fine("error before relay on " + ctx.channel() + ": " + cause);
        ctx.close();
    }
}
