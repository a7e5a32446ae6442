package io.spoolgate.exit.host.smtp;

import io.netty.channel.Channel;
import io.netty.channel.ChannelPipeline;
import io.spoolgate.exit.host.SmtpWorkerThread;
import org.apache.james.protocols.api.ProtocolSession;
import org.apache.james.protocols.api.ProtocolSessionImpl;
import org.apache.james.protocols.netty.HandlerConstants;
import org.apache.james.protocols.netty.NettyProtocolTransport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.reflect.Field;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * Takes SMTP command processing off James's Netty I/O threads. James 3.8.1 decodes lines on an executor and runs
 * every SMTP handler and hook on the connection's I/O thread, so a slow hook stalls every connection sharing that
 * thread. At connection open this moves the connection's line decoder and James's SMTP handler onto a
 * <em>lane</em>: a serial executor of its own (commands stay in order) backed by a shared pool of
 * {@link SmtpWorkerThread}s. A slow call then holds one worker and one connection; the others go on. The number of
 * thread hand-offs per command stays what stock James has (I/O thread to decoder, decoder to handler); a read that
 * is one line of a command that cannot block (see {@link CommandLinePeek}) is processed on the I/O thread itself, with
 * no hand-off.
 *
 * <p>When an exit call holds a worker past its budget the pool grows by one thread until the call returns, so a
 * hanging exit cannot starve the other connections.
 */
final class SmtpWorkers implements AutoCloseable {
    private static final Logger LOGGER = LoggerFactory.getLogger(SmtpWorkers.class);
    private static final AtomicBoolean WARNED = new AtomicBoolean();
    private static final int MAX_EXTRA_THREADS = 1024;
    private static final Field CHANNEL = accessible(NettyProtocolTransport.class, "channel");

    private final int threads;
    private final WorkerPool pool;
    private final AtomicInteger blocked = new AtomicInteger();
    private final IoThreadCommands ioThreadCommands;

    /**
     * @param threads         worker threads (the most commands processed at the same time, blocked ones aside)
     * @param inlineExitCalls whether exit calls run on the worker (under the watchdog) rather than on exit threads
     * @param ioThreadCommands the commands whose lone lines the I/O thread may process itself
     */
    SmtpWorkers(int threads, boolean inlineExitCalls, IoThreadCommands ioThreadCommands) {
        this.threads = threads;
        this.ioThreadCommands = ioThreadCommands;
        AtomicInteger counter = new AtomicInteger();
        this.pool = new WorkerPool(threads, task -> new SmtpWorkerThread(task,
            "spoolgate-smtp-" + counter.incrementAndGet(), inlineExitCalls, this::workerBlocked, this::workerUnblocked));
    }

    /**
     * Moves the connection's line decoder and SMTP handler onto a lane of their own. Called from a connect handler,
     * that is on the I/O thread inside James's connection-open event. The move completes a little later, once the
     * input already on its way has been handled where it was ({@link LaneMigration}).
     *
     * @return true if the move started; false if the connection could not be reached (it then stays on the I/O thread)
     */
    boolean attach(ProtocolSession session, BooleanSupplier exitsAllowIoThread) {
        Optional<Channel> channel = LaneMigration.available() ? channelOf(session) : Optional.empty();
        return channel.isPresent() && attach(channel.get(), exitsAllowIoThread);
    }

    /** {@link #attach(ProtocolSession, BooleanSupplier)} for the channel itself. */
    boolean attach(Channel channel, BooleanSupplier exitsAllowIoThread) {
        ChannelPipeline pipeline = channel.pipeline();
        if (pipeline.get(HandlerConstants.FRAMER) == null || pipeline.get(HandlerConstants.CORE_HANDLER) == null
            || pipeline.get(LaneMigration.GATE) != null
            || pipeline.context(HandlerConstants.CORE_HANDLER).executor() != channel.eventLoop()) {
            return false; // not James's pipeline as 3.8.1 builds it, or moved already
        }
        try {
            Lane lane = new Lane(pool);
            LaneMigration.start(channel, lane,
                ioThreadCommands.isEmpty() ? null : new CommandLinePeek(lane, ioThreadCommands, exitsAllowIoThread));
            return true;
        } catch (RuntimeException e) {
            LaneMigration.abandon(channel, e);
            return false;
        }
    }

    private void workerBlocked() {
        int extra = blocked.incrementAndGet();
        if (extra <= MAX_EXTRA_THREADS) {
            pool.resize(threads + extra);
        }
        if (extra == MAX_EXTRA_THREADS) {
            LOGGER.error("SGX015E {} SMTP worker threads are held by exit calls that do not return", extra);
        }
    }

    private void workerUnblocked() {
        int extra = blocked.decrementAndGet();
        if (extra < MAX_EXTRA_THREADS) {
            pool.resize(threads + Math.max(0, extra));
        }
    }

    /** The Netty channel under a James session (James 3.8.1 keeps it in its transport's private field). */
    static Optional<Channel> channelOf(ProtocolSession session) {
        if (CHANNEL == null || !(session instanceof ProtocolSessionImpl impl)
            || !(impl.getProtocolTransport() instanceof NettyProtocolTransport transport)) {
            if (WARNED.compareAndSet(false, true)) {
                LOGGER.warn("SGX016W SMTP workers cannot reach the connection's channel: SMTP commands stay on the I/O "
                    + "threads and exit calls are handed to exit threads");
            }
            return Optional.empty();
        }
        try {
            return Optional.ofNullable((Channel) CHANNEL.get(transport));
        } catch (IllegalAccessException e) {
            return Optional.empty();
        }
    }

    /** The field, made accessible; null (with a warning) if it cannot be. */
    static Field accessible(Class<?> type, String name) {
        try {
            Field field = type.getDeclaredField(name);
            field.setAccessible(true);
            return field;
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOGGER.warn("SGX016W {}.{} is not reachable ({}): SMTP commands stay on the I/O threads", type.getName(),
                name, e.toString());
            return null;
        }
    }

    @Override
    public void close() {
        pool.shutdownGracefully();
    }
}
