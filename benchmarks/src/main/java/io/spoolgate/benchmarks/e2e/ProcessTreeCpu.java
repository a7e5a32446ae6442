package io.spoolgate.benchmarks.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * CPU time of server processes from Linux {@code /proc/PID/stat}: user + system time of each root process and all its
 * live descendants, plus the time of descendants already reaped ({@code cutime + cstime}). That covers a JVM (one
 * process, all threads), Postfix's master with its daemons, and Exim's daemon with the processes it forks for every
 * connection and delivery.
 */
final class ProcessTreeCpu {

    private static final Path PROC = Path.of("/proc");
    private static final long TICKS_PER_SECOND = 100; // USER_HZ on Linux

    private ProcessTreeCpu() {
    }

    /** CPU seconds used so far by the trees under {@code roots}. */
    static double seconds(Collection<Long> roots) throws IOException {
        Map<Long, long[]> all = new HashMap<>();
        Map<Long, List<Long>> children = new HashMap<>();
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(PROC, p -> p.getFileName().toString().matches("\\d+"))) {
            for (Path d : dirs) {
                long pid = Long.parseLong(d.getFileName().toString());
                long[] stat = readStat(d.resolve("stat"));
                if (stat != null) {
                    all.put(pid, stat);
                    children.computeIfAbsent(stat[0], k -> new ArrayList<>()).add(pid);
                }
            }
        }
        for (long root : roots) {
            if (!all.containsKey(root)) {
                throw new IOException("no process " + root + " in /proc: the server is not running");
            }
        }
        long ticks = 0;
        Set<Long> seen = new HashSet<>();
        Deque<Long> todo = new ArrayDeque<>(roots);
        while (!todo.isEmpty()) {
            long pid = todo.pop();
            if (!seen.add(pid)) {
                continue;
            }
            long[] stat = all.get(pid);
            if (stat == null) {
                continue;
            }
            ticks += stat[1];
            todo.addAll(children.getOrDefault(pid, List.of()));
        }
        return ticks / (double) TICKS_PER_SECOND;
    }

    /**
     * CPU seconds used so far by the JIT compiler threads ({@code C1 CompilerThread…}, {@code C2 CompilerThread…}) of
     * the processes {@code pids}; 0 for a process that is not a JVM. Compiler threads come and go with the load, so
     * a thread that ended meanwhile is missed: the figure is a lower bound.
     */
    static double compilerSeconds(Collection<Long> pids) {
        long ticks = 0;
        for (long pid : pids) {
            try (DirectoryStream<Path> tasks = Files.newDirectoryStream(PROC.resolve(Long.toString(pid)).resolve("task"))) {
                for (Path t : tasks) {
                    String comm;
                    try {
                        comm = Files.readString(t.resolve("comm"), StandardCharsets.ISO_8859_1);
                    } catch (IOException gone) {
                        continue;
                    }
                    if (comm.startsWith("C1 CompilerThre") || comm.startsWith("C2 CompilerThre")) {
                        long[] stat = readStat(t.resolve("stat"));
                        if (stat != null) {
                            ticks += stat[1];
                        }
                    }
                }
            } catch (IOException gone) {
                // the process ended: nothing to count
            }
        }
        return ticks / (double) TICKS_PER_SECOND;
    }

    /** {ppid, utime+stime+cutime+cstime}, or null when the process went away meanwhile. */
    private static long[] readStat(Path stat) {
        String s;
        try {
            s = Files.readString(stat, StandardCharsets.ISO_8859_1);
        } catch (IOException gone) {
            return null;
        }
        int close = s.lastIndexOf(')'); // the command name may contain spaces and parentheses
        if (close < 0) {
            return null;
        }
        String[] f = s.substring(close + 2).trim().split(" ");
        // after the name: state(0) ppid(1) ... utime(11) stime(12) cutime(13) cstime(14)
        if (f.length < 15) {
            return null;
        }
        long ppid = Long.parseLong(f[1]);
        long cpu = Long.parseLong(f[11]) + Long.parseLong(f[12]) + Long.parseLong(f[13]) + Long.parseLong(f[14]);
        return new long[] {ppid, cpu};
    }
}
