package io.spoolgate.exit.host.testexits;

import io.spoolgate.exit.ExitCall;
import io.spoolgate.exit.ExitCommand;
import io.spoolgate.exit.ExitConfig;
import io.spoolgate.exit.SmtpExit;
import io.spoolgate.exit.Verdict;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A test exit driven by its parameters. Uses only the exit API and the JDK so it can also be loaded from a jar.
 *
 * <ul>
 *   <li>{@code rejectAt}=COMMAND, {@code kind}=message|session, {@code code}, {@code text}: reject there.</li>
 *   <li>{@code acceptAt}=COMMAND: answer accept there.</li>
 *   <li>{@code sleepAt}=COMMAND, {@code sleepMillis}: sleep there (only when the HELO name starts with "sleep").</li>
 *   <li>{@code deafMillis}: with {@code sleepAt}, sleep that long ignoring interrupts instead (a hung exit).</li>
 *   <li>{@code throwAt}=COMMAND: throw there.</li>
 * </ul>
 * Always: answers 554 "mid-transaction call" if it gets a call for a connection it did not see open (first call
 * must be CONNECT or HELO/EHLO) or a RCPT/DATA/end of data without having seen the MAIL; and answers 554 "state
 * mix-up" if the HELO name kept in its per-connection state differs from the connection's.
 * Every call is recorded in {@link #CALLS} by connection id (for exits loaded from the server class path).
 */
public class ScriptedExit implements SmtpExit {
    /** Calls seen, by connection id, for tests; only for instances loaded by the test's class loader. */
    public static final Map<String, List<String>> CALLS = new ConcurrentHashMap<>();
    /** init and term calls counted, for tests. */
    public static final AtomicInteger INITS = new AtomicInteger();
    /** term calls counted, for tests. */
    public static final AtomicInteger TERMS = new AtomicInteger();

    @Override
    public Object init(ExitConfig config) {
        INITS.incrementAndGet();
        return config;
    }

    @Override
    public void term(Object token) {
        TERMS.incrementAndGet();
    }

    @Override
    public Verdict onCall(ExitCall call) {
        ExitConfig config = call.token(ExitConfig.class);
        String command = call.command().name();
        CALLS.computeIfAbsent(call.connection().connectionId(), id -> java.util.Collections.synchronizedList(
            new ArrayList<>())).add(command + (call.argument().isEmpty() ? "" : " " + call.argument()));
        Verdict sequence = checkSequence(call);
        if (sequence != null) {
            return sequence;
        }
        if (command.equals(config.parameters().get("sleepAt"))
            && call.connection().heloName().orElse("").startsWith("sleep")) {
            String deaf = config.parameters().get("deafMillis");
            if (deaf != null) {
                long until = System.nanoTime() + java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(Long.parseLong(deaf));
                boolean interrupted = false;
                while (System.nanoTime() < until) { // like blocking I/O that does not react to interrupts
                    try {
                        Thread.sleep(Math.max(1, java.util.concurrent.TimeUnit.NANOSECONDS.toMillis(
                            until - System.nanoTime())));
                    } catch (InterruptedException e) {
                        interrupted = true;
                    }
                }
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
                return Verdict.CONTINUE;
            }
            try {
                Thread.sleep(Long.parseLong(config.parameters().getOrDefault("sleepMillis", "2000")));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Verdict.CONTINUE;
            }
        }
        if (command.equals(config.parameters().get("throwAt"))) {
            throw new IllegalStateException("scripted failure at " + command);
        }
        if (command.equals(config.parameters().get("acceptAt"))) {
            return Verdict.ACCEPT;
        }
        if (command.equals(config.parameters().get("rejectAt"))) {
            int code = Integer.parseInt(config.parameters().getOrDefault("code", "550"));
            String text = config.parameters().getOrDefault("text", "5.7.1 scripted reject");
            return "session".equals(config.parameters().get("kind")) ? Verdict.rejectSession(code, text)
                : Verdict.rejectMessage(code, text);
        }
        return Verdict.CONTINUE;
    }

    private static Verdict checkSequence(ExitCall call) {
        ExitCommand command = call.command();
        boolean opening = command == ExitCommand.CONNECT || command == ExitCommand.HELO || command == ExitCommand.EHLO
            || command == ExitCommand.PUNCH;
        if (!opening && call.state().get("opened", Boolean.class).isEmpty()) {
            return Verdict.rejectMessage(554, "5.3.0 mid-transaction call: " + command + " before connect/HELO");
        }
        call.state().put("opened", Boolean.TRUE);
        if (command == ExitCommand.HELO || command == ExitCommand.EHLO) {
            call.state().put("helo", call.argument());
        } else if (call.connection().heloName().isPresent() && call.state().get("helo", String.class).isPresent()
            && !call.state().get("helo", String.class).get().equals(call.connection().heloName().get())) {
            return Verdict.rejectMessage(554, "5.3.0 state mix-up between connections");
        }
        if (command == ExitCommand.MAIL) {
            call.state().put("inMessage", Boolean.TRUE);
        } else if ((command == ExitCommand.RCPT || command == ExitCommand.DATA || command == ExitCommand.END_OF_DATA)
            && call.state().get("inMessage", Boolean.class).isEmpty()) {
            return Verdict.rejectMessage(554, "5.3.0 mid-transaction call: " + command + " without MAIL");
        }
        if (command == ExitCommand.END_OF_DATA || command == ExitCommand.RSET) {
            call.state().remove("inMessage");
        }
        return null;
    }
}
