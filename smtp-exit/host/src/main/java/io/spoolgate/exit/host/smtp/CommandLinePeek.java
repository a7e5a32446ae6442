package io.spoolgate.exit.host.smtp;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

import java.util.function.BooleanSupplier;

/**
 * Sits on the I/O thread just before a connection's line decoder, which runs on the connection's {@link Lane}. When a
 * read brings exactly one line of a command that may run on the I/O thread ({@link IoThreadCommands}), the lane is
 * idle and the connection's exits allow it, the lane is offered to run that read, and the read's completion after
 * it, on the I/O thread: the reply then goes out with no hand-off to a worker and back. Everything else (the message
 * body and its final dot, pipelined commands, other commands) goes to the workers as before.
 */
final class CommandLinePeek extends ChannelInboundHandlerAdapter {
    static final String NAME = "spoolgate-lane-peek";

    private final Lane lane;
    private final IoThreadCommands commands;
    private final BooleanSupplier exitsAllow;
    private boolean lastReadOffered;

    /**
     * @param lane       the connection's lane
     * @param commands   the commands that may run on the I/O thread
     * @param exitsAllow whether the connection's exits allow it now (asked only while the lane is idle)
     */
    CommandLinePeek(Lane lane, IoThreadCommands commands, BooleanSupplier exitsAllow) {
        this.lane = lane;
        this.commands = commands;
        this.exitsAllow = exitsAllow;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        lastReadOffered = msg instanceof ByteBuf buf && lane.idle() && commands.isSingleLineOfOne(buf) && exitsAllow();
        pass(lastReadOffered, () -> ctx.fireChannelRead(msg));
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        boolean offer = lastReadOffered && lane.idle();
        lastReadOffered = false;
        pass(offer, ctx::fireChannelReadComplete);
    }

    private void pass(boolean offer, Runnable event) {
        if (offer) {
            lane.offerNextTaskToCaller();
        }
        try {
            event.run();
        } finally {
            lane.withdrawOffer();
        }
    }

    private boolean exitsAllow() {
        try {
            return exitsAllow.getAsBoolean();
        } catch (RuntimeException e) {
            return false;
        }
    }
}
