package io.spoolgate.exit.host;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A lock-free, fixed-size latency histogram: buckets by power of two, each split in 8 (about 12% resolution),
 * from 1 ns to about 18 minutes (longer values land in the last bucket). Percentiles report the upper edge of the
 * bucket they fall into.
 */
public final class LatencyHistogram {
    private static final int SUB_BITS = 3;
    private static final int SUBS = 1 << SUB_BITS;
    private static final int MAX_EXPONENT = 40;
    private final AtomicLongArray counts = new AtomicLongArray((MAX_EXPONENT + 1) * SUBS);

    /** @param nanos a measured latency in nanoseconds (negative counts as 0) */
    public void record(long nanos) {
        counts.incrementAndGet(index(Math.max(nanos, 0)));
    }

    static int index(long nanos) {
        if (nanos < SUBS) {
            return (int) nanos;
        }
        int exponent = 63 - Long.numberOfLeadingZeros(nanos);
        if (exponent > MAX_EXPONENT) {
            return counts(MAX_EXPONENT) - 1;
        }
        int sub = (int) ((nanos >>> (exponent - SUB_BITS)) & (SUBS - 1));
        return (exponent - SUB_BITS + 1) * SUBS + sub;
    }

    private static int counts(int exponent) {
        return (exponent - SUB_BITS + 2) * SUBS;
    }

    static long upperEdge(int index) {
        if (index < SUBS) {
            return index;
        }
        int exponent = index / SUBS + SUB_BITS - 1;
        int sub = index % SUBS;
        long base = 1L << exponent;
        return base + ((long) (sub + 1) << (exponent - SUB_BITS)) - 1;
    }

    /** @return how many values were recorded */
    public long count() {
        long total = 0;
        for (int i = 0; i < counts.length(); i++) {
            total += counts.get(i);
        }
        return total;
    }

    /**
     * @param fraction between 0 and 1, e.g. 0.99
     * @return the latency (ns) below which that fraction of the recorded values fall; 0 when nothing was recorded
     */
    public long percentile(double fraction) {
        long[] snapshot = new long[counts.length()];
        long total = 0;
        for (int i = 0; i < snapshot.length; i++) {
            snapshot[i] = counts.get(i);
            total += snapshot[i];
        }
        if (total == 0) {
            return 0;
        }
        long rank = Math.max(1, (long) Math.ceil(fraction * total));
        long seen = 0;
        for (int i = 0; i < snapshot.length; i++) {
            seen += snapshot[i];
            if (seen >= rank) {
                return upperEdge(i);
            }
        }
        return upperEdge(snapshot.length - 1);
    }
}
