package io.spoolgate.ipmapper.proxy;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.TooLongFrameException;
import io.spoolgate.ipmapper.config.ConfigException;
import io.spoolgate.ipmapper.config.PortMapping;
import io.spoolgate.ipmapper.control.ControlCommand;
import io.spoolgate.ipmapper.control.ControlCommandParser;
import io.spoolgate.ipmapper.control.ControlSyntaxException;

import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * One control-port connection: refuses unauthorised addresses, then executes one command per line and answers
 * in order (even when a PICK completes later than a following command would).
 */
final class ControlHandler extends SimpleChannelInboundHandler<String> {
    private static final Logger LOG = Logger.getLogger(ControlHandler.class.getName());
    private static final int MAX_PENDING = 64;
    private static final int LINGER_SECONDS = 5;

    private final IpMapperServer server;
    private CompletableFuture<Void> tail = CompletableFuture.completedFuture(null);
    private String peer = "?";
    private volatile boolean accepting;
    private final AtomicInteger pending = new AtomicInteger();

    ControlHandler(IpMapperServer server) {
        this.server = server;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        InetSocketAddress remote = (InetSocketAddress) ctx.channel().remoteAddress();
        peer = ProxyContext.describe(remote);
        if (!server.context().config().controlAuth().allows(remote.getAddress())) {
            LOG.warning("control: refused " + peer + ": address not in IPAUTH list");
            replyAndClose(ctx, "ERR 530 " + remote.getAddress().getHostAddress() + " not authorised");
            return;
        }
        accepting = true;
        ctx.fireChannelActive();
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, String line) {
        if (!accepting || !ctx.channel().isActive()) {
            return;
        }
        ControlCommand command;
        try {
            command = ControlCommandParser.parse(line);
        } catch (ControlSyntaxException e) {
            LOG.info("control: " + peer + " sent a bad command: " + e.getMessage());
            String error = "ERR " + e.code() + " " + e.getMessage();
            enqueue(ctx, () -> CompletableFuture.completedFuture(error), false);
            return;
        }
        if (command instanceof ControlCommand.Quit) {
            enqueue(ctx, () -> CompletableFuture.completedFuture("OK bye"), true);
            return;
        }
        enqueue(ctx, () -> execute(command), false);
    }

    /**
     * Runs the command after the previous one has been answered, so replies and effects keep the request order.
     * At most {@value #MAX_PENDING} commands wait; beyond that the connection stops reading until they are answered.
     */
    private void enqueue(ChannelHandlerContext ctx, Supplier<CompletableFuture<String>> command, boolean close) {
        if (pending.incrementAndGet() >= MAX_PENDING) {
            ctx.channel().config().setAutoRead(false);
        }
        tail = tail.thenCompose(previous -> run(command).handle((text, failure) -> failure == null ? text : "ERR 451 " + failure.getMessage()))
            // replies are written on the connection's event loop: a command answered at once on the event loop
            // must not overtake an earlier reply completed on another thread (a PICK binds its port elsewhere)
            .thenAcceptAsync(text -> {
                if (close) {
                    replyAndClose(ctx, text);
                    return;
                }
                ctx.writeAndFlush(text + "\r\n");
                if (pending.decrementAndGet() < MAX_PENDING && !ctx.channel().config().isAutoRead()) {
                    ctx.channel().config().setAutoRead(true);
                }
            }, ctx.executor());
    }

    private static CompletableFuture<String> run(Supplier<CompletableFuture<String>> command) {
        try {
            return command.get();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private CompletableFuture<String> execute(ControlCommand command) {
        if (command instanceof ControlCommand.Pick pick) {
            return server.transients().pick(pick.host(), pick.port(), pick.stack(), peer)
                .handle((mapping, failure) -> {
                    if (failure == null) {
                        return pick.legacy() ? Integer.toString(mapping.port()) : "OK " + mapping.port();
                    }
                    Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
                    if (cause instanceof TransientMappings.PickFailure pickFailure) {
                        return "ERR " + pickFailure.code + " " + pickFailure.getMessage();
                    }
                    return "ERR 451 " + cause;
                });
        }
        if (command instanceof ControlCommand.Release release) {
            return server.transients().release(release.port(), "released by " + peer)
                .thenApply(released -> released ? "OK released " + release.port()
                    : "ERR 550 transient port " + release.port() + " is not mapped");
        }
        if (command instanceof ControlCommand.ListMappings) {
            return CompletableFuture.completedFuture(list());
        }
        if (command instanceof ControlCommand.Reload) {
            return CompletableFuture.supplyAsync(() -> {
                try {
                    return "OK " + server.reload();
                } catch (ConfigException e) {
                    return "ERR 454 reload failed, old configuration kept: " + e.getMessage();
                }
            });
        }
        return CompletableFuture.completedFuture("ERR 502 unsupported command");
    }

    private String list() {
        StringBuilder out = new StringBuilder();
        int count = 0;
        for (PortMapping mapping : server.staticMappings()) {
            out.append("STATIC ").append(mapping.listenPort()).append(' ').append(mapping.targetHost()).append(' ')
                .append(mapping.targetPort()).append(' ').append(mapping.stackName()).append(' ')
                .append(mapping.proxyProtocol().name().toLowerCase(java.util.Locale.ROOT)).append("\r\n");
            count++;
        }
        for (TransientMapping mapping : server.transients().list()) {
            out.append("TRANSIENT ").append(mapping.port()).append(' ').append(mapping.targetHost()).append(' ')
                .append(mapping.targetPort()).append(' ').append(mapping.stack()).append(' ').append(mapping.state())
                .append(' ').append(mapping.ageSeconds()).append("s\r\n");
            count++;
        }
        out.append("OK ").append(count).append(" mappings, ").append(server.transients().freeCount()).append(" free transient ports");
        return out.toString();
    }

    /**
     * Sends the last reply and shuts the output down, then closes when the client does or after
     * {@value #LINGER_SECONDS} s. Closing at once could reset the connection over unread input and lose the reply.
     */
    private void replyAndClose(ChannelHandlerContext ctx, String text) {
        accepting = false;
        ctx.writeAndFlush(text + "\r\n").addListener(written -> {
            if (ctx.channel() instanceof SocketChannel socket && socket.isActive()) {
                socket.shutdownOutput();
            }
            ctx.executor().schedule(() -> ctx.close(), LINGER_SECONDS, TimeUnit.SECONDS);
        });
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof TooLongFrameException) {
            LOG.info("control: " + peer + " sent a line longer than " + ControlCommandParser.MAX_LINE_LENGTH + " characters");
            replyAndClose(ctx, "ERR 500 line too long");
            return;
        }
        LOG.fine("control: error on " + peer + ": " + cause);
        ctx.close();
    }
}
