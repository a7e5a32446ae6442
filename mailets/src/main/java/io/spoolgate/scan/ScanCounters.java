package io.spoolgate.scan;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Counts scanning outcomes (e.g. {@code virus.infected}, {@code spam.kill}, {@code clamd.failure}) for health views. */
public final class ScanCounters {
    private final Map<String, LongAdder> counters = new ConcurrentHashMap<>();

    /**
     * @param name the outcome
     */
    public void increment(String name) {
        counters.computeIfAbsent(name, n -> new LongAdder()).increment();
    }

    /** @return every counter, sorted by name */
    public Map<String, Long> snapshot() {
        Map<String, Long> out = new TreeMap<>();
        counters.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }
}
