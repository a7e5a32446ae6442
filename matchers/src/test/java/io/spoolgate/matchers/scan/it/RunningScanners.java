package io.spoolgate.matchers.scan.it;

import static org.assertj.core.api.Assertions.fail;

import io.spoolgate.scan.ScannerEndpoint;
import io.spoolgate.scan.ScannerUnavailableException;
import io.spoolgate.scan.clamav.ClamdClient;
import io.spoolgate.scan.spamassassin.SpamdClient;
import java.time.Duration;

/**
 * The real daemons started by {@code bin/scanners start} (clamd 127.0.0.1:3310, spamd 127.0.0.1:783; override with
 * -Dspoolgate.clamd.port / -Dspoolgate.spamd.port). The pipeline tests fail, not skip, when they are not running.
 */
final class RunningScanners {
    static final int CLAMD_PORT = Integer.getInteger("spoolgate.clamd.port", 3310);
    static final int SPAMD_PORT = Integer.getInteger("spoolgate.spamd.port", 783);

    private RunningScanners() {
    }

    static void requireUp() {
        Duration second = Duration.ofSeconds(2);
        try {
            new ClamdClient(ScannerEndpoint.tcp("127.0.0.1", CLAMD_PORT, second, second), 4096).ping();
        } catch (ScannerUnavailableException e) {
            fail("clamd is not running on 127.0.0.1:" + CLAMD_PORT + " — start it with 'bin/scanners start' (" + e.getMessage() + ")");
        }
        try {
            new SpamdClient(ScannerEndpoint.tcp("127.0.0.1", SPAMD_PORT, second, second), 1000).ping();
        } catch (ScannerUnavailableException e) {
            fail("spamd is not running on 127.0.0.1:" + SPAMD_PORT + " — start it with 'bin/scanners start' (" + e.getMessage() + ")");
        }
    }
}
