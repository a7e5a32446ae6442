package io.spoolgate.exit;

import java.util.EnumSet;
import java.util.Set;

/**
 * A policy exit: called for every SMTP command (and for spool mail, and before {@code PUNCH}) and answering with
 * a {@link Verdict}. The exit sees everything read-only and cannot change the message.
 *
 * <p>Implement {@link #onCall} for one entry point, or override the per-command methods it dispatches to (all
 * answer {@link Verdict#CONTINUE} by default). Calls of different connections run concurrently on the host's exit
 * threads; calls of one connection never overlap. Each call has a small time budget (50 ms by default): do no
 * slow I/O in a call — a call that runs past the budget is abandoned (interrupted; it may not even have started) and
 * the host's default applies, so an exit must not rely on having seen every earlier call of a connection. An exit
 * that throws is treated like one that timed out.
 *
 * <p>An exit class needs a public no-argument constructor. Loaded from its own jar, it sees only the JDK, this
 * package and SLF4J.
 */
public interface SmtpExit {

    /**
     * The initialization call, made once when the exit is started (or before it replaces an older version).
     *
     * @param config the exit's name and configured parameters
     * @return a user token handed back on every later call (like z/OS's user token), or null
     * @throws Exception to refuse to start; the exit is then not activated and the error is reported
     */
    default Object init(ExitConfig config) throws Exception {
        return null;
    }

    /**
     * Which calls the exit wants (as z/VM's commands exit is enabled for a subset of commands); asked once, right
     * after {@link #init}. The host makes no call, and no thread hand-off, for the others. Default: all.
     *
     * @param token what {@link #init} returned
     * @return the wanted calls
     */
    default Set<ExitCommand> commands(Object token) {
        return EnumSet.allOf(ExitCommand.class);
    }

    /**
     * Whether the exit's command calls are pure computation: no network or file I/O, no sleeping, no waiting for a
     * lock another thread may hold for long. Asked once, right after {@link #commands}. Default: false.
     *
     * <p>An exit that answers true lets the host make its calls for single SMTP command lines (HELO, EHLO, MAIL,
     * RCPT, DATA, RSET, NOOP, QUIT) on the SMTP server's I/O thread, with no thread hand-off; end of data, punch and
     * spool calls are unaffected. The budget still applies: a call past it makes the host run the exit's calls on its
     * exit threads for a while (log line SGX013W), as for any exit that overruns.
     *
     * @param token what {@link #init} returned
     * @return true if no call of this exit blocks
     */
    default boolean nonBlocking(Object token) {
        return false;
    }

    /**
     * The termination call, made once when the exit is stopped or replaced, after its last call.
     *
     * @param token what {@link #init} returned
     */
    default void term(Object token) {
    }

    /**
     * The single entry point the host calls; the default dispatches on {@link ExitCall#command()}.
     *
     * @param call the call
     * @return the verdict; null counts as continue
     */
    default Verdict onCall(ExitCall call) {
        switch (call.command()) {
            case CONNECT: return onConnect(call);
            case HELO: case EHLO: return onHelo(call);
            case MAIL: return onMail(call);
            case RCPT: return onRcpt(call);
            case DATA: return onData(call);
            case END_OF_DATA: return onEndOfData(call);
            case RSET: return onRset(call);
            case VRFY: return onVrfy(call);
            case EXPN: return onExpn(call);
            case NOOP: return onNoop(call);
            case QUIT: return onQuit(call);
            case PUNCH: return onPunch(call);
            default: return onUnknown(call);
        }
    }

    /** @param call the connection-open call @return the verdict */
    default Verdict onConnect(ExitCall call) {
        return Verdict.CONTINUE;
    }

    /** @param call a {@code HELO} or {@code EHLO} call @return the verdict */
    default Verdict onHelo(ExitCall call) {
        return Verdict.CONTINUE;
    }

    /** @param call a {@code MAIL FROM} call @return the verdict */
    default Verdict onMail(ExitCall call) {
        return Verdict.CONTINUE;
    }

    /** @param call a {@code RCPT TO} call @return the verdict */
    default Verdict onRcpt(ExitCall call) {
        return Verdict.CONTINUE;
    }

    /** @param call a {@code DATA} call @return the verdict */
    default Verdict onData(ExitCall call) {
        return Verdict.CONTINUE;
    }

    /** @param call the end-of-data call, with {@link ExitCall#message()} present @return the verdict */
    default Verdict onEndOfData(ExitCall call) {
        return Verdict.CONTINUE;
    }

    /** @param call a {@code RSET} call @return the verdict */
    default Verdict onRset(ExitCall call) {
        return Verdict.CONTINUE;
    }

    /** @param call a {@code VRFY} call @return the verdict */
    default Verdict onVrfy(ExitCall call) {
        return Verdict.CONTINUE;
    }

    /** @param call an {@code EXPN} call @return the verdict */
    default Verdict onExpn(ExitCall call) {
        return Verdict.CONTINUE;
    }

    /** @param call a {@code NOOP} call @return the verdict */
    default Verdict onNoop(ExitCall call) {
        return Verdict.CONTINUE;
    }

    /** @param call a {@code QUIT} call @return the verdict */
    default Verdict onQuit(ExitCall call) {
        return Verdict.CONTINUE;
    }

    /** @param call a call for a command the server does not know @return the verdict */
    default Verdict onUnknown(ExitCall call) {
        return Verdict.CONTINUE;
    }

    /** @param call the call made just before a mail is punched into a VM reader @return the verdict */
    default Verdict onPunch(ExitCall call) {
        return Verdict.CONTINUE;
    }
}
