package io.spoolgate.scan;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Bounds a whole exchange with a daemon: when the deadline passes the connection is closed, which makes any blocked
 * read or write fail at once. Needed because unix domain sockets have no read timeout and a daemon that reads slowly
 * could stall a write for ever.
 */
public final class ExchangeDeadline implements AutoCloseable {
    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "spoolgate-scan-deadline");
        t.setDaemon(true);
        return t;
    });

    private final ScheduledFuture<?> task;
    private final AtomicBoolean expired = new AtomicBoolean();

    private ExchangeDeadline(ScannerEndpoint.Connection connection, Duration timeout) {
        this.task = TIMER.schedule(() -> {
            expired.set(true);
            connection.close();
        }, timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * @param connection the connection to close when time runs out
     * @param timeout the time allowed
     * @return an armed deadline; close it when the exchange is over
     */
    public static ExchangeDeadline arm(ScannerEndpoint.Connection connection, Duration timeout) {
        return new ExchangeDeadline(connection, timeout);
    }

    /** @return true when the deadline fired and closed the connection */
    public boolean expired() {
        return expired.get();
    }

    @Override
    public void close() {
        task.cancel(false);
    }
}
