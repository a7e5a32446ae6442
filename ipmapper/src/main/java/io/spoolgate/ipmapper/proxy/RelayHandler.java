package io.spoolgate.ipmapper.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.SocketChannel;
import io.netty.util.ReferenceCountUtil;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Copies bytes read on one channel to its peer. Back-pressure: when the peer's outbound buffer passes its high
 * water mark, reading from this side stops until the peer drains below the low mark. Half-close: end of input on
 * this side shuts down the peer's output after pending bytes are flushed; when both directions are finished both
 * channels close. When either channel closes, the other is closed after flushing.
 */
final class RelayHandler extends ChannelInboundHandlerAdapter implements RelayDirection {
    private static final Logger LOG = Logger.getLogger(RelayHandler.class.getName());

    private final Channel peer;
    private long bytes;

    RelayHandler(Channel peer) {
        this.peer = peer;
    }

    /** @return bytes copied from this handler's channel to the peer */
    @Override
    public long bytes() {
        return bytes;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!peer.isActive()) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (msg instanceof ByteBuf buf) {
            bytes += buf.readableBytes();
        }
        peer.write(msg, peer.voidPromise());
        if (!peer.isWritable()) {
            ctx.channel().config().setAutoRead(false);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        peer.flush();
        ctx.fireChannelReadComplete();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (ctx.channel().isWritable() && peer.isActive()) {
            peer.config().setAutoRead(true);
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof ChannelInputShutdownEvent) {
            Channel self = ctx.channel();
            peer.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(flushed -> {
                if (peer instanceof SocketChannel socket && socket.isActive() && !socket.isOutputShutdown()) {
                    socket.shutdownOutput().addListener(done -> closeWhenBothFinished(self));
                } else {
                    closeWhenBothFinished(self);
                }
            });
            return;
        }
        ctx.fireUserEventTriggered(evt);
    }

    private void closeWhenBothFinished(Channel self) {
        boolean selfDone = !(self instanceof SocketChannel s) || s.isInputShutdown() || !s.isActive();
        boolean peerDone = !(peer instanceof SocketChannel p) || p.isInputShutdown() || !p.isActive();
        if (selfDone && peerDone) {
            self.close();
            peer.close();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        closeAfterFlush(peer);
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.log(Level.FINE, "relay error on " + ctx.channel() + ": " + cause);
        ctx.close();
        closeAfterFlush(peer);
    }

    static void closeAfterFlush(Channel channel) {
        if (channel.isActive()) {
            channel.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        }
    }
}
