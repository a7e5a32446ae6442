package io.spoolgate.exit.rules;

import io.spoolgate.exit.ExitCall;

import java.io.IOException;
import java.io.UncheckedIOException;

/** What conditions test: the exit call, and the message headers read once, on first need. */
public final class RuleInput {
    private final ExitCall call;
    private MessageHeaders headers;

    /** @param call the exit call being decided */
    public RuleInput(ExitCall call) {
        this.call = call;
    }

    /** @return the call */
    public ExitCall call() {
        return call;
    }

    /** @return the headers (empty when the call carries no message) */
    public MessageHeaders headers() {
        if (headers == null) {
            try {
                headers = call.message().isPresent() ? MessageHeaders.read(call.message().get())
                    : MessageHeaders.parse("");
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the message headers", e);
            }
        }
        return headers;
    }
}
