package io.spoolgate.exit.host;

import io.spoolgate.exit.ConnectionFacts;
import io.spoolgate.exit.Envelope;
import io.spoolgate.exit.ExitCall;
import io.spoolgate.exit.ExitCommand;
import io.spoolgate.exit.ExitState;
import io.spoolgate.exit.MailOrigin;
import io.spoolgate.exit.SmtpExit;

import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;

/** Exit instances and calls for tests and benchmarks of the invoker, without a registry or James. */
final class ExitFixtures {
    private ExitFixtures() {
    }

    /** @return a started instance of the exit that wants every call */
    static ExitInstance instance(SmtpExit exit) {
        return instance(exit, false);
    }

    /** @return a started instance of the exit that wants every call, declared non-blocking or not */
    static ExitInstance instance(SmtpExit exit, boolean nonBlocking) {
        ExitDefinition definition = new ExitDefinition("t", exit.getClass().getName(), Optional.empty(), Map.of());
        return new ExitInstance(definition, 1, new LoadedExit(exit, Optional.empty()), null,
            EnumSet.allOf(ExitCommand.class), nonBlocking, new ExitMetrics());
    }

    /** @return a call with empty connection facts and envelope */
    static ExitCall call(ExitCommand command) {
        ConnectionFacts facts = new ConnectionFacts("c", MailOrigin.TCP, Optional.empty(), Optional.empty(),
            Optional.empty(), false, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
        return new ExitCall(command, "", "", Map.of(), facts, Envelope.EMPTY, new ExitState(), null, Optional.empty());
    }
}
