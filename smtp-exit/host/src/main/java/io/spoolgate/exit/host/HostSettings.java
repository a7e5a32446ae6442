package io.spoolgate.exit.host;

import io.spoolgate.exit.ExitCommand;
import io.spoolgate.exit.Verdict;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * How the host runs exit calls.
 *
 * @param budget        how long the server waits for one exit call before abandoning it (default 50 ms)
 * @param threads       exit threads: the most exit calls running at once (default 16)
 * @param queueCapacity calls waiting for a free exit thread before new calls are refused like timeouts (default 1024;
 *                      0 = no queue: a call is refused at once when every exit thread is busy)
 * @param onTimeout     what a timed-out, failed or refused call counts as (default {@link TimeoutPolicy#CONTINUE})
 * @param drainTimeout  how long a stopped or replaced exit keeps serving the transactions already under way
 *                      before it is terminated anyway (default 30 s)
 * @param lifecycleTimeout how long an init or term call may take (default 10 s)
 */
public record HostSettings(Duration budget, int threads, int queueCapacity, TimeoutPolicy onTimeout,
                           Duration drainTimeout, Duration lifecycleTimeout) {

    /** The defaults listed above. */
    public static final HostSettings DEFAULTS = new HostSettings(Duration.ofMillis(50), 16, 1024,
        TimeoutPolicy.CONTINUE, Duration.ofSeconds(30), Duration.ofSeconds(10));

    /** Checks the values are usable. */
    public HostSettings {
        Objects.requireNonNull(onTimeout, "onTimeout");
        if (budget.isNegative() || budget.isZero() || budget.compareTo(Duration.ofSeconds(60)) > 0) {
            throw new IllegalArgumentException("exit budget must be between 1 ms and 60 s, got " + budget);
        }
        if (threads < 1 || threads > 1024) {
            throw new IllegalArgumentException("exit threads must be 1-1024, got " + threads);
        }
        if (queueCapacity < 0 || queueCapacity > 1_000_000) {
            throw new IllegalArgumentException("exit queue capacity must be 0-1000000, got " + queueCapacity);
        }
        if (drainTimeout.isNegative() || lifecycleTimeout.isNegative() || lifecycleTimeout.isZero()) {
            throw new IllegalArgumentException("drain and lifecycle timeouts must be positive");
        }
    }

    /** What the host answers when an exit call does not give a usable verdict in time. */
    public enum TimeoutPolicy {
        /** Go on as if the exit had answered continue. */
        CONTINUE,
        /** Answer a temporary failure: 421 and close at connection open, 451 otherwise. */
        TEMPFAIL;

        /**
         * @param text configuration value {@code continue} or {@code tempfail} (also {@code 451})
         * @return the policy
         * @throws IllegalArgumentException naming the bad value
         */
        public static TimeoutPolicy parse(String text) {
            switch (text.trim().toLowerCase(Locale.ROOT)) {
                case "continue":
                    return CONTINUE;
                case "tempfail": case "451":
                    return TEMPFAIL;
                default:
                    throw new IllegalArgumentException("onTimeout must be 'continue' or 'tempfail', got '" + text + "'");
            }
        }

        /**
         * @param command the command whose exit call failed
         * @return the verdict that applies
         */
        public Verdict verdictFor(ExitCommand command) {
            if (this == CONTINUE) {
                return Verdict.CONTINUE;
            }
            if (command == ExitCommand.CONNECT) {
                return Verdict.rejectSession(421, "4.3.0 Policy service unavailable, try again later");
            }
            return Verdict.rejectMessage(451, "4.3.0 Policy service unavailable, try again later");
        }
    }
}
