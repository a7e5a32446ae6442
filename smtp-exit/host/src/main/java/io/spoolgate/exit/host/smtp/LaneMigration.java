package io.spoolgate.exit.host.smtp;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerAdapter;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInboundInvoker;
import io.netty.channel.ChannelPipeline;
import io.netty.util.concurrent.EventExecutor;
import org.apache.james.protocols.netty.HandlerConstants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Moves one connection's line decoder and SMTP handler onto its {@link Lane} without losing or reordering a byte.
 *
 * <p>The move starts inside James's connection-open event, and by then input may already be on its way: James's line
 * decoder runs on an executor of its own, so bytes read before the move can sit in that executor's queue, their
 * decoded lines in the I/O thread's queue, and a partial line in the decoder's buffer. Moving the handlers at once
 * lets bytes read after the move reach the lane before older ones (a PROXY header handled after the EHLO that followed
 * it), and lets the decoder's removal, which Netty runs later on the decoder's executor, take the buffer away from
 * under the same decoder already working on the lane (the first bytes of a pipelined command lost). So the move is done
 * in steps, each one after the queues it depends on have drained:
 * <ol>
 *   <li>on the I/O thread: a <em>gate</em> before the decoder holds every inbound event from now on;</li>
 *   <li>after a round trip through the decoder's executor and back, every line read before the gate is handled where
 *       it was (the I/O thread): the handlers are taken out of the pipeline, and a <em>catcher</em> in the decoder's
 *       place and on its executor receives what the decoder still buffered, which Netty hands on when it removes
 *       it;</li>
 *   <li>after a second round trip (the removal has run): the handlers go back in on the lane, and the caught bytes
 *       and then the gate's events are replayed into them, in order.</li>
 * </ol>
 * If the connection closes before step 2, the move is given up and everything held goes on along the old way at
 * once, so James's handler sees the close (its disconnect handlers run) before Netty tears the pipeline down. After
 * step 2 the close is held like the rest and replayed in step 3, into what is left of the pipeline if Netty has torn
 * it down meanwhile (the handlers put back then are the only ones in it).
 */
final class LaneMigration {
    private static final Logger LOGGER = LoggerFactory.getLogger(LaneMigration.class);
    static final String GATE = "spoolgate-lane-gate";
    static final String CATCHER = "spoolgate-lane-catcher";
    private static final Field ADDED = SmtpWorkers.accessible(ChannelHandlerAdapter.class, "added");

    private enum Stage { GATED, DETACHED, DONE }

    private final Channel channel;
    private final ChannelPipeline pipeline;
    private final EventExecutor lane;
    private final ChannelHandler peek;
    private final EventExecutor decoderExecutor;
    private final Holder gate = new Holder();
    private final Holder catcher = new Holder();
    private final Map<String, ChannelHandler> rest = new LinkedHashMap<>();
    private ChannelHandler decoder;
    private Stage stage = Stage.GATED; // read and written on the I/O thread only

    private LaneMigration(Channel channel, EventExecutor lane, ChannelHandler peek) {
        this.channel = channel;
        this.pipeline = channel.pipeline();
        this.lane = lane;
        this.peek = peek;
        this.decoderExecutor = pipeline.context(HandlerConstants.FRAMER).executor();
    }

    /** Whether the reflective access Netty's handler re-adding needs is available. */
    static boolean available() {
        return ADDED != null;
    }

    /**
     * Starts moving the decoder (James's {@code framer}) and everything after it, except the chunked-write and
     * idle-timeout handlers, onto the lane. Call on the channel's I/O thread with James's pipeline in place.
     *
     * @param peek a handler to put just before the decoder, on the I/O thread, once the move is done; or null
     */
    static void start(Channel channel, EventExecutor lane, ChannelHandler peek) {
        LaneMigration migration = new LaneMigration(channel, lane, peek);
        migration.pipeline.addBefore(HandlerConstants.FRAMER, GATE, migration.gate);
        migration.afterDecoderQueue(migration::detach);
    }

    /** Runs the step on the I/O thread once everything queued on the decoder's executor so far has run. */
    private void afterDecoderQueue(Step next) {
        decoderExecutor.execute(() -> channel.eventLoop().execute(() -> {
            try {
                next.run();
            } catch (ReflectiveOperationException | RuntimeException e) {
                fail(e);
            }
        }));
    }

    /** Step 2, on the I/O thread: every line read before the gate was handled; take the handlers out. */
    private void detach() throws ReflectiveOperationException {
        if (stage != Stage.GATED) {
            return; // given up
        }
        if (pipeline.get(HandlerConstants.FRAMER) == null || pipeline.get(HandlerConstants.CORE_HANDLER) == null) {
            giveUp(); // not the pipeline this was started on
            return;
        }
        // the decoder and everything after it, in order, except two handlers that stay on the I/O thread: the
        // idle-timeout handler (it needs its timers) and the chunked-write handler (reads pass it by, and what James
        // writes from the I/O thread during connection open, such as a reject and its close, must go out before the
        // greeting that James writes after it, as in stock James); James 3.8.1: framer, coreHandler move
        List<String> names = new ArrayList<>(pipeline.names());
        names = names.subList(names.indexOf(HandlerConstants.FRAMER), names.size());
        names.removeIf(name -> name.equals(HandlerConstants.TIMEOUT_HANDLER)
            || name.equals(HandlerConstants.CHUNK_HANDLER) || pipeline.get(name) == null);
        decoder = pipeline.get(HandlerConstants.FRAMER);
        for (String name : names.subList(1, names.size())) {
            rest.put(name, pipeline.remove(name));
        }
        // the catcher runs where the decoder did: Netty hands it the decoder's buffered bytes when it removes the
        // decoder there, before it would tear a closed connection's catcher down there
        pipeline.addAfter(decoderExecutor, HandlerConstants.FRAMER, CATCHER, catcher);
        pipeline.remove(HandlerConstants.FRAMER);
        stage = Stage.DETACHED;
        afterDecoderQueue(this::reattach);
    }

    /** Step 3, on the I/O thread: the decoder's removal has run; the handlers go in on the lane, input is replayed. */
    private void reattach() throws ReflectiveOperationException {
        if (stage != Stage.DETACHED) {
            return;
        }
        add(lane, HandlerConstants.FRAMER, decoder);
        for (Map.Entry<String, ChannelHandler> entry : rest.entrySet()) {
            add(lane, entry.getKey(), entry.getValue());
        }
        if (peek != null) {
            pipeline.addBefore(HandlerConstants.FRAMER, CommandLinePeek.NAME, peek);
        }
        stage = Stage.DONE;
        catcher.release();
        gate.release();
    }

    private void add(EventExecutor executor, String name, ChannelHandler handler) throws ReflectiveOperationException {
        // Netty refuses to add a non-sharable handler twice; this one was removed first, so it is not shared
        if (handler instanceof ChannelHandlerAdapter) {
            ADDED.setBoolean(handler, false);
        }
        pipeline.addLast(executor, name, handler);
    }

    /**
     * The connection closed (or James's pipeline changed) before the handlers were taken out: everything held goes on
     * at once along the old way, where the close follows the input queued before it.
     */
    private void giveUp() {
        stage = Stage.DONE;
        gate.release();
    }

    private void fail(Exception e) {
        stage = Stage.DONE;
        catcher.release();
        gate.release();
        abandon(channel, e);
    }

    /** The move of {@code channel} failed with {@code e}: says so (SGX014E) and closes the connection. */
    static void abandon(Channel channel, Exception e) {
        LOGGER.error("SGX014E Could not move a connection's SMTP processing off the I/O thread ({}); closing it",
            e.toString());
        channel.close();
    }

    /**
     * Holds the inbound events that reach it (the gate on the I/O thread, the catcher on the decoder's executor, each
     * step after the previous one through the executors' queues) until released on the I/O thread, then passes them on
     * in order and leaves the pipeline. A close seen before the handlers were taken out gives the move up.
     */
    private final class Holder extends ChannelInboundHandlerAdapter {
        private final List<Event> held = Collections.synchronizedList(new ArrayList<>());
        private volatile ChannelHandlerContext ctx;
        private volatile boolean released;

        @Override
        public void handlerAdded(ChannelHandlerContext context) {
            this.ctx = context;
        }

        void release() {
            if (released) {
                return;
            }
            released = true;
            if (ctx == null) {
                return; // never added
            }
            // the pipeline is torn down when a connection closes; then the handlers put back are the only ones left
            ChannelInboundInvoker target = ctx.isRemoved() ? ctx.pipeline() : ctx;
            for (Event event : held) {
                event.fire(target);
            }
            held.clear();
            if (!ctx.isRemoved()) {
                ctx.pipeline().remove(this);
            }
        }

        private void hold(ChannelInboundInvoker context, Event event) {
            if (released) {
                event.fire(context);
            } else {
                held.add(event);
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext context) {
            hold(context, ChannelInboundInvoker::fireChannelInactive);
            if (stage == Stage.GATED) {
                giveUp(); // once the handlers are out, the close waits for them to be put back like the rest
            }
        }

        @Override
        public void channelRead(ChannelHandlerContext context, Object msg) {
            hold(context, c -> c.fireChannelRead(msg));
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext context) {
            hold(context, ChannelInboundInvoker::fireChannelReadComplete);
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext context, Object evt) {
            hold(context, c -> c.fireUserEventTriggered(evt));
        }

        @Override
        public void channelWritabilityChanged(ChannelHandlerContext context) {
            hold(context, ChannelInboundInvoker::fireChannelWritabilityChanged);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
            hold(context, c -> c.fireExceptionCaught(cause));
        }
    }

    @FunctionalInterface
    private interface Step {
        void run() throws ReflectiveOperationException;
    }

    @FunctionalInterface
    private interface Event {
        void fire(ChannelInboundInvoker target);
    }
}
