package io.spoolgate.ipmapper.proxy;

import java.util.HashSet;
import java.util.OptionalInt;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The pool of free transient ports. Ports are handed out round-robin (so a just-released port rests before it is
 * reused) and come back on release. When the configured set changes on reload, ports in use stay in use; a
 * released port that is no longer configured is dropped. Thread-safe.
 */
public final class TransientPorts {
    private TreeSet<Integer> configured;
    private final Set<Integer> inUse = new HashSet<>();
    private int cursor;

    /** @param ports the configured free ports */
    public TransientPorts(SortedSet<Integer> ports) {
        this.configured = new TreeSet<>(ports);
    }

    /** @return a free port, or empty when all are in use */
    public synchronized OptionalInt allocate() {
        Integer next = configured.higher(cursor);
        for (int i = 0; i < configured.size(); i++) {
            if (next == null) {
                next = configured.first();
            }
            if (!inUse.contains(next)) {
                inUse.add(next);
                cursor = next;
                return OptionalInt.of(next);
            }
            next = configured.higher(next);
        }
        return OptionalInt.empty();
    }

    /**
     * @param port a port obtained from {@link #allocate()}
     * @return true when the port was in use
     */
    public synchronized boolean release(int port) {
        return inUse.remove(port);
    }

    /** @param ports the newly configured free ports */
    public synchronized void reconfigure(SortedSet<Integer> ports) {
        configured = new TreeSet<>(ports);
    }

    /** @return how many configured ports are free now */
    public synchronized int freeCount() {
        int free = 0;
        for (Integer port : configured) {
            if (!inUse.contains(port)) {
                free++;
            }
        }
        return free;
    }

    /** @return how many ports are in use */
    public synchronized int inUseCount() {
        return inUse.size();
    }
}
