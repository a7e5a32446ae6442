package io.spoolgate.ipmapper.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.epoll.AbstractEpollStreamChannel;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.util.concurrent.ScheduledFuture;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Zero-copy relay (epoll only): each direction is a {@code splice(2)} from the source socket through a pipe into the
 * peer socket ({@link AbstractEpollStreamChannel#spliceTo}), so the bytes never enter the JVM. Both channels live
 * on one event loop and use level-triggered epoll. Netty pauses reading while the peer cannot take the pipe's
 * contents, which is the back-pressure.
 *
 * <p>What Netty's splice does not do by itself, and this class adds:
 * <ul>
 *   <li>Half-close. Netty reports end of input as soon as the FIN arrives, even when it stopped splicing because
 *   the pipe was full and bytes are still queued in the socket. On that event the rest of the input is read here
 *   with plain reads (bounded by the socket's receive buffer, respecting the peer's water marks) and queued behind
 *   the pending splices; only after all of it is flushed is the peer's output shut down.</li>
 *   <li>Byte counts and the idle timeout: the bytes never pass the pipeline, so {@link CountingRecvAllocator}
 *   counts them and an {@link Activity} timer closes the pair after the idle time without traffic either way.</li>
 * </ul>
 * Closing either side closes the other after flushing, as in the copying relay.
 */
final class SpliceRelay {
    private static final Logger LOG = Logger.getLogger(SpliceRelay.class.getName());
    private static final int TAIL_READ = 64 * 1024;

    private SpliceRelay() {
    }

    /**
     * Starts splicing both ways between two connected epoll channels on the same event loop.
     *
     * @return the two directions (client to target, target to client)
     */
    static RelayDirection[] join(Channel client, Channel target, Duration idleTimeout) {
        AbstractEpollStreamChannel c = (AbstractEpollStreamChannel) client;
        AbstractEpollStreamChannel t = (AbstractEpollStreamChannel) target;
        Activity activity = new Activity(c, idleTimeout);
        Direction up = new Direction(c, t, activity);
        Direction down = new Direction(t, c, activity);
        client.pipeline().addLast("relay", up);
        target.pipeline().addLast("relay", down);
        target.flush(); // the PROXY header, if any, goes before the first spliced byte
        up.start();
        down.start();
        activity.start();
        client.config().setAutoRead(true);
        target.config().setAutoRead(true);
        return new RelayDirection[] {up, down};
    }

    /** Splices one direction and finishes it on end of input. Handler on the source channel. */
    static final class Direction extends ChannelInboundHandlerAdapter implements RelayDirection {
        private final AbstractEpollStreamChannel self;
        private final AbstractEpollStreamChannel peer;
        private final Activity activity;
        private final CountingRecvAllocator counter;
        private long tailBytes;
        private boolean draining;
        private boolean inputDone;

        Direction(AbstractEpollStreamChannel self, AbstractEpollStreamChannel peer, Activity activity) {
            this.self = self;
            this.peer = peer;
            this.activity = activity;
            this.counter = (CountingRecvAllocator) self.config().getRecvByteBufAllocator();
            counter.activity(activity);
        }

        @Override
        public long bytes() {
            return counter.bytes() + tailBytes;
        }

        void start() {
            self.spliceTo(peer, Integer.MAX_VALUE).addListener(done -> {
                if (!done.isSuccess() && self.isOpen()) {
                    LOG.log(Level.FINE, "splice " + self + " -> " + peer + " failed: " + done.cause());
                    self.close();
                    RelayHandler.closeAfterFlush(peer);
                }
            });
        }

        /** Only reached if splicing stopped (Netty then reads normally): forward as the copying relay does. */
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof ByteBuf buf) {
                tailBytes += buf.readableBytes();
                activity.touch();
            }
            if (peer.isActive()) {
                peer.writeAndFlush(msg, peer.voidPromise());
            } else {
                io.netty.util.ReferenceCountUtil.release(msg);
            }
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            if (inputDone && self.config().isAutoRead()) {
                // a splice that completed after the end of input turned reading back on: stop polling a socket at EOF
                self.config().setAutoRead(false);
            }
            ctx.fireChannelReadComplete();
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt instanceof ChannelInputShutdownEvent) {
                if (!draining) {
                    draining = true;
                    self.config().setAutoRead(false);
                    drainTail();
                }
                return;
            }
            ctx.fireUserEventTriggered(evt);
        }

        /** Reads what is still queued in the source socket after its FIN and queues it behind the splices. */
        private void drainTail() {
            while (self.isActive() && peer.isActive()) {
                if (!peer.isWritable()) {
                    peer.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(flushed -> drainTail());
                    return;
                }
                ByteBuf buf = self.alloc().directBuffer(TAIL_READ);
                int read;
                try {
                    ByteBuffer window = buf.internalNioBuffer(0, TAIL_READ);
                    read = self.fd().read(window, window.position(), window.limit());
                } catch (IOException e) {
                    buf.release();
                    LOG.log(Level.FINE, "reading the rest of " + self + " failed: " + e);
                    self.close();
                    RelayHandler.closeAfterFlush(peer);
                    return;
                }
                if (read <= 0) { // -1 end of stream; 0 (nothing queued) cannot happen after the FIN, treat alike
                    buf.release();
                    break;
                }
                buf.writerIndex(read);
                tailBytes += read;
                activity.touch();
                peer.write(buf, peer.voidPromise());
            }
            inputDone = true;
            self.config().setAutoRead(false);
            LOG.fine(() -> "end of input from " + self.remoteAddress() + ": " + tailBytes + " bytes read after the FIN");
            peer.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(flushed -> {
                self.config().setAutoRead(false);
                if (peer.isActive() && !peer.isOutputShutdown()) {
                    peer.shutdownOutput().addListener(done -> closeWhenBothFinished());
                } else {
                    closeWhenBothFinished();
                }
            });
        }

        private void closeWhenBothFinished() {
            boolean selfDone = self.isInputShutdown() || !self.isActive();
            boolean peerDone = peer.isInputShutdown() || !peer.isActive();
            if (selfDone && peerDone) {
                self.close();
                peer.close();
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            RelayHandler.closeAfterFlush(peer);
            ctx.fireChannelInactive();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            LOG.log(Level.FINE, "relay error on " + ctx.channel() + ": " + cause);
            ctx.close();
            RelayHandler.closeAfterFlush(peer);
        }
    }

    /**
     * Idle timeout of a spliced pair: closes both channels when no byte moved either way for the idle time.
     * Runs on the pair's event loop; traffic only stores a time stamp.
     */
    static final class Activity {
        private final Channel client;
        private final long timeoutNanos;
        private long last = System.nanoTime();
        private ScheduledFuture<?> check;

        Activity(Channel client, Duration timeout) {
            this.client = client;
            this.timeoutNanos = Math.max(1, timeout.toNanos());
        }

        void touch() {
            last = System.nanoTime();
        }

        void start() {
            schedule(timeoutNanos);
            client.closeFuture().addListener(closed -> {
                if (check != null) {
                    check.cancel(false);
                }
            });
        }

        private void schedule(long delayNanos) {
            check = client.eventLoop().schedule(this::check, delayNanos, TimeUnit.NANOSECONDS);
        }

        private void check() {
            if (!client.isOpen()) {
                return;
            }
            long idle = System.nanoTime() - last;
            if (idle >= timeoutNanos) {
                LOG.info("idle timeout: closing " + client.remoteAddress());
                client.close(); // the target follows after flushing, as with the copying relay

            } else {
                schedule(timeoutNanos - idle);
            }
        }
    }
}
