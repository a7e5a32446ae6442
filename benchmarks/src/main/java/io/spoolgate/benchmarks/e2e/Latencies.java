package io.spoolgate.benchmarks.e2e;

import java.util.Arrays;

/** Transaction latencies of a run (nanoseconds), bounded to the number of mails, with nearest-rank percentiles. */
final class Latencies {

    private final long[] values;
    private int count;

    Latencies(int capacity) {
        values = new long[capacity];
    }

    synchronized void add(long nanos) {
        if (count < values.length) {
            values[count++] = nanos;
        }
    }

    synchronized int count() {
        return count;
    }

    /** The p-th percentile in milliseconds (0 when nothing was recorded). */
    synchronized double percentileMillis(double p) {
        if (count == 0) {
            return 0;
        }
        long[] sorted = Arrays.copyOf(values, count);
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * count);
        return sorted[Math.min(count, Math.max(1, rank)) - 1] / 1e6;
    }
}
