package io.spoolgate.mailets.smtp;

import java.lang.reflect.Field;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.james.protocols.api.ProtocolSession;
import org.apache.james.protocols.api.ProtocolSessionImpl;
import org.apache.james.protocols.api.ProtocolTransport;
import org.apache.james.protocols.api.Response;
import org.apache.james.protocols.api.handler.ConnectHandler;
import org.apache.james.protocols.netty.HandlerConstants;
import org.apache.james.protocols.smtp.MailEnvelope;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.core.DataCmdHandler;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.HookReturnCode;
import org.apache.james.protocols.smtp.hook.MessageHook;
import org.apache.james.smtpserver.ExtendedSMTPSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.TooLongFrameException;

/**
 * Refuses a message one of whose lines was too long for James to read. James 3.8.1 answers a line over 8,192 octets
 * with {@code 500 Line length exceeded}, throws the line away and goes on reading: inside DATA the transaction then
 * ends with {@code 250} and the mail is delivered <em>without that line</em> — accepted and silently altered. This
 * handler notices the over-long line while DATA is in progress and answers the end of data with
 * {@code 554 5.6.0}, so the client knows the message was not taken (RFC 5321 §4.5.3.1.6 allows refusing it) and
 * nothing altered is delivered.
 *
 * <p>Declare it in {@code smtpserver.xml}'s handler chain before {@code CoreCmdHandlerLoader} (message hooks run in
 * declaration order and James's own queueing hook comes with the loader). No parameters.
 */
public final class LongLineGuard implements ConnectHandler<SMTPSession>, MessageHook {

    private static final Logger LOGGER = LoggerFactory.getLogger(LongLineGuard.class);
    private static final String HANDLER_NAME = "spoolgate-long-line-guard";
    @SuppressWarnings("rawtypes")
    private static final ProtocolSession.AttachmentKey<AtomicReference> TRUNCATED =
        ProtocolSession.AttachmentKey.of("spoolgate.longLineInData", AtomicReference.class);
    private static final AtomicBoolean WARNED = new AtomicBoolean();

    static final HookResult REFUSED = HookResult.builder()
        .hookReturnCode(HookReturnCode.deny())
        .smtpReturnCode("554")
        .smtpDescription("5.6.0 Message refused: a line was longer than 8192 octets and could not be read (RFC 5321 4.5.3.1.6)")
        .build();

    @Override
    public Response onConnect(SMTPSession session) {
        AtomicReference<Object> truncated = new AtomicReference<>();
        session.setAttachment(TRUNCATED, truncated, ProtocolSession.State.Connection);
        channelOf(session).ifPresent(channel -> {
            ChannelPipeline pipeline = channel.pipeline();
            if (pipeline.get(HandlerConstants.FRAMER) != null && pipeline.get(HANDLER_NAME) == null) {
                // on the decoder's own executor, so that lines do not change threads on their way to James
                pipeline.addAfter(pipeline.context(HandlerConstants.FRAMER).executor(), HandlerConstants.FRAMER,
                    HANDLER_NAME, new Spy(session, truncated));
            }
        });
        return null;
    }

    @Override
    public HookResult onMessage(SMTPSession session, MailEnvelope mail) {
        // the mark names the message being received when a line was dropped; a mark left by an earlier message (one
        // another hook refused before this one ran) does not count
        Object marked = session.getAttachment(TRUNCATED, ProtocolSession.State.Connection)
            .map(flag -> flag.getAndSet(null))
            .orElse(null);
        if (marked != null && marked == messageBeingReceived(session).orElse(null)) {
            LOGGER.warn("Refused a message from {}: a DATA line exceeded 8192 octets and James dropped it",
                session.getRemoteAddress());
            return REFUSED;
        }
        return HookResult.DECLINED;
    }

    /** Marks the message being received when the line decoder gives up on one of its lines. */
    static void lineTooLong(SMTPSession session, AtomicReference<Object> truncated) {
        messageBeingReceived(session).ifPresent(truncated::set);
    }

    /**
     * @return between {@code 354} and the end of data, the object holding the message being received (James's
     *     server session: the message writer; its protocols-level sessions: the envelope); empty otherwise
     */
    private static Optional<Object> messageBeingReceived(SMTPSession session) {
        if (session instanceof ExtendedSMTPSession extended) {
            return Optional.ofNullable(extended.getMimeMessageWriter());
        }
        return session.getAttachment(DataCmdHandler.MAILENV, ProtocolSession.State.Transaction).map(Object.class::cast);
    }

    private static Optional<Channel> channelOf(SMTPSession session) {
        if (!(session instanceof ProtocolSessionImpl impl)) {
            return Optional.empty();
        }
        ProtocolTransport transport = impl.getProtocolTransport();
        try {
            Field field = transport.getClass().getDeclaredField("channel");
            field.setAccessible(true);
            return Optional.ofNullable((Channel) field.get(transport));
        } catch (ReflectiveOperationException | RuntimeException e) {
            if (WARNED.compareAndSet(false, true)) {
                LOGGER.warn("LongLineGuard cannot reach the connection's channel ({}): over-long DATA lines are not "
                    + "guarded", e.toString());
            }
            return Optional.empty();
        }
    }

    /** Sits right after James's line decoder and sees its "frame too long" before James answers 500. */
    private static final class Spy extends ChannelInboundHandlerAdapter {
        private final SMTPSession session;
        private final AtomicReference<Object> truncated;

        Spy(SMTPSession session, AtomicReference<Object> truncated) {
            this.session = session;
            this.truncated = truncated;
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            if (cause instanceof TooLongFrameException) {
                lineTooLong(session, truncated);
            }
            ctx.fireExceptionCaught(cause);
        }
    }
}
