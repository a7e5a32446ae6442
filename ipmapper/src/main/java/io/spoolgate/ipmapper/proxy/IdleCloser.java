package io.spoolgate.ipmapper.proxy;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/** Closes a channel on which nothing was read or written for the configured time. */
final class IdleCloser extends IdleStateHandler {
    private static final Logger LOG = Logger.getLogger(IdleCloser.class.getName());

    IdleCloser(Duration timeout) {
        super(0, 0, Math.max(1, timeout.toMillis()), TimeUnit.MILLISECONDS);
    }

    @Override
    protected void channelIdle(ChannelHandlerContext ctx, IdleStateEvent evt) {
        LOG.info("idle timeout: closing " + ctx.channel().remoteAddress());
        ctx.close();
    }
}
