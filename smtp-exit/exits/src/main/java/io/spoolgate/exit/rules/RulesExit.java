package io.spoolgate.exit.rules;

import io.spoolgate.exit.ExitCall;
import io.spoolgate.exit.ExitCommand;
import io.spoolgate.exit.ExitConfig;
import io.spoolgate.exit.SmtpExit;
import io.spoolgate.exit.Verdict;

import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;

/**
 * A scriptable exit: rules in a plain file (see {@link RuleFileParser} for the syntax) matching client network,
 * HELO, sender, recipient, headers, size and origin to an action; the file is reloaded when it changes.
 *
 * <p>Parameters: {@code file} (required: the rules file), {@code reloadSeconds} (how often the file is checked for
 * changes; default 5; 0 = never). A bad file refuses the start; a bad edit later is logged with its line number
 * and the previous rules stay in force.
 */
public class RulesExit implements SmtpExit {

    @Override
    public Object init(ExitConfig config) throws Exception {
        String file = config.parameter("file")
            .orElseThrow(() -> new IllegalArgumentException("exit " + config.name() + ": parameter 'file' is missing"));
        long reload = config.longParameter("reloadSeconds", 5);
        if (reload < 0) {
            throw new IllegalArgumentException("exit " + config.name() + ": reloadSeconds must be 0 or more");
        }
        return RuleFileWatcher.start(Path.of(file), Duration.ofSeconds(reload));
    }

    /** Rules are decided at connection open, HELO/EHLO, MAIL, RCPT and end of data only. */
    @Override
    public Set<ExitCommand> commands(Object token) {
        return EnumSet.of(ExitCommand.CONNECT, ExitCommand.HELO, ExitCommand.EHLO, ExitCommand.MAIL, ExitCommand.RCPT,
            ExitCommand.END_OF_DATA);
    }

    /** Rules are matched in memory (the file is reloaded on a timer thread of its own). */
    @Override
    public boolean nonBlocking(Object token) {
        return true;
    }

    @Override
    public void term(Object token) {
        ((RuleFileWatcher) token).close();
    }

    @Override
    public Verdict onCall(ExitCall call) {
        return call.token(RuleFileWatcher.class).rules().evaluate(call);
    }
}
