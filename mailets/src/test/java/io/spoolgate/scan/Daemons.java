package io.spoolgate.scan;

import static org.assertj.core.api.Assertions.fail;

import io.spoolgate.scan.clamav.ClamdClient;
import io.spoolgate.scan.spamassassin.SpamdClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The real daemons started by {@code bin/scanners start} (clamd 127.0.0.1:3310 and {@code var/run/clamd.sock}, spamd
 * 127.0.0.1:783; override with -Dspoolgate.clamd.port, -Dspoolgate.spamd.port, -Dspoolgate.scanners.home).
 * Tests fail (not skip) with a clear message when they are not running.
 */
public final class Daemons {
    /** clamd TCP port. */
    public static final int CLAMD_PORT = Integer.getInteger("spoolgate.clamd.port", 3310);
    /** spamd TCP port. */
    public static final int SPAMD_PORT = Integer.getInteger("spoolgate.spamd.port", 783);

    private Daemons() {
    }

    /** @return a client for the running clamd over TCP */
    public static ClamdClient clamd() {
        ClamdClient client = new ClamdClient(ScannerEndpoint.tcp("127.0.0.1", CLAMD_PORT, Duration.ofSeconds(2), Duration.ofSeconds(20)), 65536);
        try {
            client.ping();
        } catch (ScannerUnavailableException e) {
            fail("clamd is not running on 127.0.0.1:" + CLAMD_PORT + " — start it with 'bin/scanners start' (" + e.getMessage() + ")");
        }
        return client;
    }

    /** @return a client for the running spamd */
    public static SpamdClient spamd() {
        SpamdClient client = new SpamdClient(ScannerEndpoint.tcp("127.0.0.1", SPAMD_PORT, Duration.ofSeconds(2), Duration.ofSeconds(30)), 512_000);
        try {
            client.ping();
        } catch (ScannerUnavailableException e) {
            fail("spamd is not running on 127.0.0.1:" + SPAMD_PORT + " — start it with 'bin/scanners start' (" + e.getMessage() + ")");
        }
        return client;
    }

    /** @return clamd's unix socket under the scanners home */
    public static Path clamdSocket() {
        Path home = Path.of(System.getProperty("spoolgate.scanners.home", findHome()));
        Path socket = home.resolve("run/clamd.sock");
        if (!Files.exists(socket)) {
            fail("clamd unix socket " + socket + " not found — start the scanners with 'bin/scanners start'");
        }
        return socket;
    }

    private static String findHome() {
        Path dir = Path.of("").toAbsolutePath();
        for (int i = 0; i < 4 && dir != null; i++, dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("var/run"))) {
                return dir.resolve("var").toString();
            }
        }
        return "var";
    }
}
