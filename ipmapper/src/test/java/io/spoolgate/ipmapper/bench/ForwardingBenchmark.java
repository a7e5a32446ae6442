package io.spoolgate.ipmapper.bench;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Throughput (MB/s) and round-trip latency (p50/p99) of a loopback TCP connection: direct, through ipmapper
 * (a separate JVM running {@code IpMapperMain}, static mapping with {@code proxy=none}), through haproxy (mode tcp)
 * and through socat, in one run, against the same target server. Prints a table.
 *
 * <p>System property {@code bench.ipmapper.args} adds options to the ipmapper command line (e.g.
 * {@code --io-threads 1}); {@code bench.ipmapper.variants} ({@code name=options;name=options}) runs several ipmapper
 * JVMs side by side instead, e.g. {@code splice=--relay splice;copy=--relay copy}. Arguments (all optional): {@code [megabytes per throughput run, default 256] [throughput runs, default 3]
 * [round trips, default 20000]}. Needs /usr/sbin/haproxy and /usr/bin/socat; a missing one is skipped.
 */
public final class ForwardingBenchmark {
    private static final int CHUNK = 64 * 1024;
    private static final int PING_SIZE = 64;

    private ForwardingBenchmark() {
    }

    /** Runs the benchmark. */
    public static void main(String[] args) throws Exception {
        int megabytes = args.length > 0 ? Integer.parseInt(args[0]) : 256;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        int roundTrips = args.length > 2 ? Integer.parseInt(args[2]) : 20_000;
        Path work = Files.createTempDirectory("ipmapper-bench");
        List<Process> processes = new ArrayList<>();
        try (TargetServer target = new TargetServer()) {
            Map<String, Integer> routes = new LinkedHashMap<>();
            Map<String, Long> pids = new LinkedHashMap<>();
            routes.put("direct", target.port());
            for (Map.Entry<String, String> variant : ipMapperVariants().entrySet()) {
                routes.put(variant.getKey(), startIpMapper(work, variant.getKey(), variant.getValue(), target.port(), processes));
                pids.put(variant.getKey(), processes.get(processes.size() - 1).pid());
            }
            if (Files.isExecutable(Path.of("/usr/sbin/haproxy"))) {
                routes.put("haproxy", startHaproxy(work, target.port(), processes));
                pids.put("haproxy", processes.get(processes.size() - 1).pid());
            }
            if (Files.isExecutable(Path.of("/usr/bin/socat"))) {
                routes.put("socat", startSocat(target.port(), processes));
                pids.put("socat", processes.get(processes.size() - 1).pid());
            }
            for (int port : routes.values()) {
                awaitListening(port);
            }
            // warm-up: JIT of client, target and the ipmapper JVM
            for (int port : routes.values()) {
                throughput(port, Math.min(64, megabytes));
                latency(port, 2000);
            }
            // Routes take turns in every round so that load from elsewhere on the machine hits them alike.
            Map<String, double[]> mbps = new LinkedHashMap<>();
            Map<String, long[]> rtts = new LinkedHashMap<>();
            Map<String, long[]> cpu = new LinkedHashMap<>(); // ticks: own JVM (client + target), proxy, machine busy, wall ns
            int perRound = Math.max(1, roundTrips / runs);
            for (String route : routes.keySet()) {
                mbps.put(route, new double[runs]);
                rtts.put(route, new long[perRound * runs]);
                cpu.put(route, new long[4]);
            }
            for (int round = 0; round < runs; round++) {
                for (Map.Entry<String, Integer> route : routes.entrySet()) {
                    Long pid = pids.get(route.getKey());
                    long ownBefore = CpuTicks.process("self");
                    long proxyBefore = pid == null ? 0 : CpuTicks.process(pid.toString());
                    long busyBefore = CpuTicks.machineBusy();
                    long wallBefore = System.nanoTime();
                    mbps.get(route.getKey())[round] = throughput(route.getValue(), megabytes);
                    long[] used = cpu.get(route.getKey());
                    used[3] += System.nanoTime() - wallBefore;
                    used[0] += CpuTicks.process("self") - ownBefore;
                    used[1] += pid == null ? 0 : CpuTicks.process(pid.toString()) - proxyBefore;
                    used[2] += CpuTicks.machineBusy() - busyBefore;
                    long[] times = latency(route.getValue(), perRound);
                    System.arraycopy(times, 0, rtts.get(route.getKey()), round * perRound, perRound);
                }
            }
            System.out.printf("%-10s %10s %10s %10s %10s %10s %12s%n", "route", "MB/s", "min MB/s", "p50 us", "p99 us", "+p50 us",
                "% of direct");
            double directMbps = 0;
            double directP50 = 0;
            for (String route : routes.keySet()) {
                double[] runsMbps = mbps.get(route);
                Arrays.sort(runsMbps);
                double median = runsMbps[runs / 2];
                long[] rtt = rtts.get(route);
                Arrays.sort(rtt);
                double p50 = rtt[rtt.length / 2] / 1000.0;
                double p99 = rtt[(int) Math.min(rtt.length - 1, Math.round(rtt.length * 0.99))] / 1000.0;
                if (route.equals("direct")) {
                    directMbps = median;
                    directP50 = p50;
                }
                System.out.printf("%-10s %10.1f %10.1f %10.1f %10.1f %10.1f %11.1f%%%n", route, median, runsMbps[0], p50, p99,
                    p50 - directP50, 100.0 * median / directMbps);
            }
            System.out.println();
            System.out.printf("%-10s %14s %14s %14s %16s%n", "route", "client+target", "proxy", "machine busy", "proxy CPU s/GB");
            for (String route : routes.keySet()) {
                long[] used = cpu.get(route);
                double wall = used[3] / 1e9;
                double gigabytes = (double) megabytes * runs / 1024;
                System.out.printf("%-10s %8.2f cores %8.2f cores %8.2f cores %16.2f%n", route, used[0] / CpuTicks.HZ / wall,
                    used[1] / CpuTicks.HZ / wall, used[2] / CpuTicks.HZ / wall, used[1] / CpuTicks.HZ / gigabytes);
            }
            System.out.println("(CPU during the throughput runs only, from /proc: client and target share the benchmark JVM; "
                + "machine busy = all processes, other users' included)");
            System.out.printf("(%d MB per throughput run, median of %d interleaved runs; %d round trips of %d bytes; cores: %d)%n",
                megabytes, runs, roundTrips, PING_SIZE, Runtime.getRuntime().availableProcessors());
        } finally {
            for (Process process : processes) {
                process.destroy();
                process.waitFor();
            }
        }
    }

    /**
     * @return ipmapper routes to measure, name to extra options: {@code bench.ipmapper.variants} as
     *         {@code name=options;name=options} (e.g. {@code splice=--relay splice;copy=--relay copy}), else one route
     *         "ipmapper" with the options of {@code bench.ipmapper.args}
     */
    private static Map<String, String> ipMapperVariants() {
        Map<String, String> variants = new LinkedHashMap<>();
        String spec = System.getProperty("bench.ipmapper.variants", "").trim();
        if (spec.isEmpty()) {
            variants.put("ipmapper", System.getProperty("bench.ipmapper.args", ""));
            return variants;
        }
        for (String part : spec.split(";")) {
            int equals = part.indexOf('=');
            variants.put(part.substring(0, equals).trim(), part.substring(equals + 1));
        }
        return variants;
    }

    private static int startIpMapper(Path work, String name, String options, int targetPort, List<Process> processes) throws IOException {
        int listen = freePort();
        Path mapping = work.resolve(name + ".PORT.MAPPING");
        Files.writeString(mapping, listen + " 127.0.0.1 " + targetPort + " BENCH proxy=none\n");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
            "io.spoolgate.ipmapper.IpMapperMain", "--mapping", mapping.toString(), "--bind", "127.0.0.1", "--control", "127.0.0.1:0",
            "--watch", "0"));
        String extra = options.trim();
        if (!extra.isEmpty()) {
            command.addAll(List.of(extra.split("\\s+")));
        }
        processes.add(new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(work.resolve(name + ".log").toFile()).start());
        return listen;
    }

    private static int startHaproxy(Path work, int targetPort, List<Process> processes) throws IOException {
        int listen = freePort();
        Path config = work.resolve("haproxy.cfg");
        Files.writeString(config, String.join("\n",
            "global", "  maxconn 4096",
            "defaults", "  mode tcp", "  timeout connect 10s", "  timeout client 1m", "  timeout server 1m",
            "frontend bench", "  bind 127.0.0.1:" + listen, "  default_backend target",
            "backend target", "  server t1 127.0.0.1:" + targetPort, ""));
        processes.add(new ProcessBuilder("/usr/sbin/haproxy", "-db", "-f", config.toString())
            .redirectErrorStream(true).redirectOutput(work.resolve("haproxy.log").toFile()).start());
        return listen;
    }

    private static int startSocat(int targetPort, List<Process> processes) throws IOException {
        int listen = freePort();
        processes.add(new ProcessBuilder("/usr/bin/socat", "TCP-LISTEN:" + listen + ",bind=127.0.0.1,reuseaddr,fork",
            "TCP:127.0.0.1:" + targetPort).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start());
        return listen;
    }

    /** Sends {@code megabytes} and waits for the target's byte count; returns MB/s. */
    private static double throughput(int port, int megabytes) throws IOException {
        long total = (long) megabytes * 1024 * 1024;
        byte[] chunk = new byte[CHUNK];
        Arrays.fill(chunk, (byte) 'x');
        try (Socket socket = connect(port)) {
            long started = System.nanoTime();
            OutputStream out = socket.getOutputStream();
            out.write('T');
            for (long sent = 0; sent < total; sent += CHUNK) {
                out.write(chunk);
            }
            socket.shutdownOutput();
            long counted = new DataInputStream(socket.getInputStream()).readLong();
            long elapsed = System.nanoTime() - started;
            if (counted != total) {
                throw new IOException("target counted " + counted + " bytes, sent " + total);
            }
            return total / 1048576.0 / (elapsed / 1e9);
        }
    }

    /** Ping-pongs fixed-size messages; returns sorted round-trip times in nanoseconds. */
    private static long[] latency(int port, int count) throws IOException {
        byte[] ping = new byte[PING_SIZE];
        byte[] pong = new byte[PING_SIZE];
        long[] times = new long[count];
        try (Socket socket = connect(port)) {
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            out.write('L');
            for (int i = 0; i < count; i++) {
                long started = System.nanoTime();
                out.write(ping);
                if (in.readNBytes(pong, 0, PING_SIZE) != PING_SIZE) {
                    throw new IOException("connection closed during latency run");
                }
                times[i] = System.nanoTime() - started;
            }
        }
        Arrays.sort(times);
        return times;
    }

    private static Socket connect(int port) throws IOException {
        Socket socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.setSoTimeout(60_000);
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        return socket;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        }
    }

    private static void awaitListening(int port) throws InterruptedException, IOException {
        for (int i = 0; i < 200; i++) {
            try (Socket probe = new Socket()) {
                probe.connect(new InetSocketAddress("127.0.0.1", port), 1000);
                probe.getOutputStream().write('L');
                return;
            } catch (IOException e) {
                Thread.sleep(50);
            }
        }
        throw new IOException("nothing listens on " + port);
    }

    /** CPU time from /proc (Linux), in clock ticks of 1/100 s; 0 where /proc cannot be read. */
    private static final class CpuTicks {
        static final double HZ = 100.0;

        /** @return user + system time of the process and of its waited-for children (socat forks one per connection) */
        static long process(String pid) {
            try {
                String stat = Files.readString(Path.of("/proc", pid, "stat"));
                String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                // after the command: state(0) ... utime(11) stime(12) cutime(13) cstime(14)
                return Long.parseLong(fields[11]) + Long.parseLong(fields[12]) + Long.parseLong(fields[13]) + Long.parseLong(fields[14]);
            } catch (IOException | RuntimeException e) {
                return 0;
            }
        }

        /** @return busy ticks of all CPUs (everything but idle and iowait) */
        static long machineBusy() {
            try {
                String[] fields = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
                long busy = 0;
                for (int i = 1; i < fields.length && i <= 8; i++) {
                    if (i != 4 && i != 5) {
                        busy += Long.parseLong(fields[i]);
                    }
                }
                return busy;
            } catch (IOException | RuntimeException e) {
                return 0;
            }
        }
    }

    /** Target: first byte 'T' = count bytes until EOF and answer the count; 'L' = echo fixed-size messages. */
    private static final class TargetServer implements AutoCloseable {
        private final ServerSocket server = new ServerSocket(0, 128, InetAddress.getByName("127.0.0.1"));

        TargetServer() throws IOException {
            Thread acceptor = new Thread(() -> {
                while (!server.isClosed()) {
                    try {
                        Socket socket = server.accept();
                        Thread worker = new Thread(() -> serve(socket), "bench-target");
                        worker.setDaemon(true);
                        worker.start();
                    } catch (IOException e) {
                        return;
                    }
                }
            }, "bench-accept");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        int port() {
            return server.getLocalPort();
        }

        private static void serve(Socket socket) {
            try (socket) {
                socket.setTcpNoDelay(true);
                InputStream in = socket.getInputStream();
                OutputStream out = socket.getOutputStream();
                int mode = in.read();
                if (mode == 'T') {
                    byte[] buffer = new byte[CHUNK];
                    long count = 0;
                    int n;
                    while ((n = in.read(buffer)) >= 0) {
                        count += n;
                    }
                    new DataOutputStream(out).writeLong(count);
                } else if (mode == 'L') {
                    byte[] message = new byte[PING_SIZE];
                    while (in.readNBytes(message, 0, PING_SIZE) == PING_SIZE) {
                        out.write(message);
                    }
                }
            } catch (IOException e) {
                // client went away
            }
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }
}
