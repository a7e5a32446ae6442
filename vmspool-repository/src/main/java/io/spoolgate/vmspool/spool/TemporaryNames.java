package io.spoolgate.vmspool.spool;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Names for temporary files that do not collide between the threads of one process and rarely between processes
 * sharing a folder: the process id and a counter starting at a random place. Files are created exclusively, so a
 * collision costs a retry, never a file. Cheaper than {@code UUID.randomUUID()}, which reads the system's secure
 * random source under a lock for every name.
 */
final class TemporaryNames {
    private final String prefix = Long.toString(ProcessHandle.current().pid(), 36) + "-";
    private final AtomicLong counter = new AtomicLong(ThreadLocalRandom.current().nextLong() >>> 16);

    /** @return a new name (letters, digits and a hyphen) */
    String next() {
        return prefix + Long.toString(counter.incrementAndGet(), 36);
    }
}
