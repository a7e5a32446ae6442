package io.spoolgate.exit.host;

import io.spoolgate.exit.Verdict;

import java.util.concurrent.atomic.LongAdder;

/** Counters of one exit instance: calls, verdicts, timeouts, errors and call latency. */
public final class ExitMetrics {
    private final LongAdder calls = new LongAdder();
    private final LongAdder accepts = new LongAdder();
    private final LongAdder rejects = new LongAdder();
    private final LongAdder timeouts = new LongAdder();
    private final LongAdder errors = new LongAdder();
    private final LatencyHistogram latency = new LatencyHistogram();

    void answered(Verdict verdict, long nanos) {
        calls.increment();
        latency.record(nanos);
        if (verdict.kind() == Verdict.Kind.ACCEPT) {
            accepts.increment();
        } else if (verdict.isReject()) {
            rejects.increment();
        }
    }

    void timedOut(long nanos) {
        calls.increment();
        timeouts.increment();
        latency.record(nanos);
    }

    void failed(long nanos) {
        calls.increment();
        errors.increment();
        latency.record(nanos);
    }

    /** @return the counters now */
    public Snapshot snapshot() {
        return new Snapshot(calls.sum(), accepts.sum(), rejects.sum(), timeouts.sum(), errors.sum(),
            latency.percentile(0.5) / 1000, latency.percentile(0.9) / 1000, latency.percentile(0.99) / 1000,
            latency.percentile(1.0) / 1000);
    }

    /**
     * Counter values at one moment.
     *
     * @param calls    calls made (including timed-out and failed ones)
     * @param accepts  accept verdicts
     * @param rejects  reject verdicts (message or session)
     * @param timeouts calls abandoned past the budget, or refused because all exit threads were busy
     * @param errors   calls that threw or returned an invalid answer
     * @param p50Micros median call latency, microseconds
     * @param p90Micros 90th percentile, microseconds
     * @param p99Micros 99th percentile, microseconds
     * @param maxMicros largest latency bucket seen, microseconds
     */
    public record Snapshot(long calls, long accepts, long rejects, long timeouts, long errors, long p50Micros,
                           long p90Micros, long p99Micros, long maxMicros) {
    }
}
