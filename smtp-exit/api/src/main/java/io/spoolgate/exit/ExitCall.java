package io.spoolgate.exit;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One call to an exit: which command, its line and parsed arguments, the connection facts, the envelope so far,
 * the exit's per-connection state and its user token.
 *
 * @param command     which call this is
 * @param commandLine the command line as the client sent it (empty for {@code CONNECT}, {@code END_OF_DATA} and
 *                    {@code PUNCH})
 * @param argument    the parsed main argument: the address without brackets for {@code MAIL} (empty string for
 *                    {@code <>}) and {@code RCPT}, the name for {@code HELO}/{@code EHLO}, the raw argument text
 *                    for other commands (the verb for {@code UNKNOWN}), empty when there is none
 * @param parameters  ESMTP parameters of {@code MAIL}/{@code RCPT} ({@code SIZE=123} gives {@code SIZE -> 123};
 *                    keys upper case; a parameter without value maps to the empty string)
 * @param connection  the connection facts at the time of the call
 * @param envelope    the envelope so far (for {@code RCPT}: the recipients accepted before this one)
 * @param state       the exit's own state for this connection
 * @param token       whatever the exit returned from {@link SmtpExit#init}, or null
 * @param message     the message, for {@code END_OF_DATA} and {@code PUNCH} only
 */
public record ExitCall(ExitCommand command, String commandLine, String argument, Map<String, String> parameters,
                       ConnectionFacts connection, Envelope envelope, ExitState state, Object token,
                       Optional<MessageView> message) {

    /** Copies the parameters and checks for nulls (only {@code token} may be null). */
    public ExitCall {
        Objects.requireNonNull(command, "command");
        Objects.requireNonNull(commandLine, "commandLine");
        Objects.requireNonNull(argument, "argument");
        parameters = Map.copyOf(parameters);
        Objects.requireNonNull(connection, "connection");
        Objects.requireNonNull(envelope, "envelope");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(message, "message");
    }

    /**
     * @param type the type the exit's init returned
     * @param <T>  that type
     * @return the user token cast to {@code type}
     * @throws ClassCastException if the token is of another type
     */
    public <T> T token(Class<T> type) {
        return type.cast(token);
    }

    /** @return the same call handed to another exit: with that exit's state and token */
    public ExitCall forExit(ExitState exitState, Object exitToken) {
        return new ExitCall(command, commandLine, argument, parameters, connection, envelope, exitState, exitToken,
            message);
    }
}
