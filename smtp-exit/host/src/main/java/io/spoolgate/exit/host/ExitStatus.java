package io.spoolgate.exit.host;

import java.util.Map;

/**
 * What the control interface shows of one exit.
 *
 * @param name        the exit's name
 * @param state       {@code active} or {@code stopped}
 * @param className   the exit class
 * @param jar         the jar it is loaded from, or null for the server class path
 * @param parameters  its parameters
 * @param generation  how many times an exit of this name was started or replaced
 * @param draining    older generations still serving transactions under way
 * @param connections connections bound to the active generation
 * @param lastError   the last start or replace failure, or null
 * @param counters    call counters and latency percentiles since the exit was first defined
 */
public record ExitStatus(String name, String state, String className, String jar, Map<String, String> parameters,
                         long generation, int draining, int connections, String lastError,
                         ExitMetrics.Snapshot counters) {
}
