package io.spoolgate.exit.host.testexits;

import io.spoolgate.exit.ExitCall;
import io.spoolgate.exit.SmtpExit;
import io.spoolgate.exit.Verdict;

/** A no-op exit (answers continue to everything), as configured in the test smtpserver.xml and in benchmarks. */
public class NoopExit implements SmtpExit {
    @Override
    public Verdict onCall(ExitCall call) {
        return Verdict.CONTINUE;
    }
}
