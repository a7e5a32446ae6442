package io.spoolgate.vmspool.spool;

import java.io.IOException;
import java.util.List;

/** Runs an operating-system command (s390-tools {@code vmur}, {@code vmcp}); replaced by a recording fake in tests. */
@FunctionalInterface
public interface CommandRunner {

    /** Result of one command. */
    record Result(int exitCode, String stdout, String stderr) {
        public boolean ok() {
            return exitCode == 0;
        }
    }

    Result run(List<String> command) throws IOException;
}
