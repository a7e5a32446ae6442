package io.spoolgate.vmspool.james;

import org.apache.james.metrics.api.MetricFactory;
import org.apache.james.metrics.api.TimeMetric;

/**
 * Spoolgate's vmspool counters and timers through James's {@link MetricFactory} (so they show in webadmin's metrics
 * and Prometheus endpoints where the app has them). Names:
 * {@code spoolgate_punched_netdata}, {@code spoolgate_punched_bsmtp}, {@code spoolgate_punched_bsmtp-cards},
 * {@code spoolgate_punch_failures}, {@code spoolgate_punch_duplicates}, timer {@code spoolgate_punch};
 * {@code spoolgate_intake_files}, {@code spoolgate_intake_mails}, {@code spoolgate_intake_rejected}, timer
 * {@code spoolgate_intake_file}.
 */
final class SpoolMetrics {

    private final MetricFactory factory;

    SpoolMetrics(MetricFactory factory) {
        this.factory = factory;
    }

    /** Metrics that go nowhere (tests, tools). */
    static SpoolMetrics none() {
        return new SpoolMetrics(null);
    }

    void count(String name) {
        if (factory != null) {
            factory.generate(name).increment();
        }
    }

    /** Runs {@code work} timed as {@code name}. */
    <E extends Exception> void timed(String name, ThrowingRunnable<E> work) throws E {
        if (factory == null) {
            work.run();
            return;
        }
        TimeMetric timer = factory.timer(name);
        try {
            work.run();
        } finally {
            timer.stopAndPublish();
        }
    }

    /** A block of work that may throw. */
    @FunctionalInterface
    interface ThrowingRunnable<E extends Exception> {
        void run() throws E;
    }
}
