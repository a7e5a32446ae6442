package io.spoolgate.exit.rules;

import io.spoolgate.exit.ExitCommand;

import java.util.Optional;

/** The exit call at which a rule is decided: the latest point where everything its conditions test is known. */
public enum RuleStage {
    /** Connection open: client network, origin, VM user. */
    CONNECT,
    /** {@code HELO}/{@code EHLO}: the HELO name. */
    HELO,
    /** {@code MAIL FROM}: the sender. */
    MAIL,
    /** Each {@code RCPT TO}: the recipient. */
    RCPT,
    /** End of data: headers and size. */
    END_OF_DATA;

    /**
     * @param command an exit call
     * @return the stage decided at that call, if any
     */
    public static Optional<RuleStage> of(ExitCommand command) {
        switch (command) {
            case CONNECT: return Optional.of(CONNECT);
            case HELO: case EHLO: return Optional.of(HELO);
            case MAIL: return Optional.of(MAIL);
            case RCPT: return Optional.of(RCPT);
            case END_OF_DATA: return Optional.of(END_OF_DATA);
            default: return Optional.empty();
        }
    }
}
