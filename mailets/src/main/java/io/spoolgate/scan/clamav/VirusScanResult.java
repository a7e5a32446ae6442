package io.spoolgate.scan.clamav;

import java.util.List;
import java.util.Objects;

/**
 * clamd's verdict on one stream.
 *
 * @param status clean, infected or too large for the daemon's stream limit
 * @param virusNames signature names reported (empty unless infected)
 */
public record VirusScanResult(Status status, List<String> virusNames) {

    /** What clamd said. */
    public enum Status {
        /** "stream: OK". */
        CLEAN,
        /** "stream: NAME FOUND". */
        INFECTED,
        /** "INSTREAM size limit exceeded": nothing was scanned. */
        TOO_LARGE
    }

    /** Validates the fields. */
    public VirusScanResult {
        Objects.requireNonNull(status, "status");
        virusNames = List.copyOf(virusNames);
    }

    /** @return a clean result */
    public static VirusScanResult clean() {
        return new VirusScanResult(Status.CLEAN, List.of());
    }

    /**
     * @param name signature name
     * @return an infected result
     */
    public static VirusScanResult infected(String name) {
        return new VirusScanResult(Status.INFECTED, List.of(name));
    }

    /** @return a result for streams over clamd's StreamMaxLength */
    public static VirusScanResult tooLarge() {
        return new VirusScanResult(Status.TOO_LARGE, List.of());
    }

    /** @return true when a signature matched */
    public boolean infected() {
        return status == Status.INFECTED;
    }
}
