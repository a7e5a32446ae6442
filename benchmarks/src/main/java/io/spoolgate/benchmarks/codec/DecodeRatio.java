package io.spoolgate.benchmarks.codec;

import java.io.IOException;

/**
 * A load-tolerant companion to {@link NetdataDecodeBenchmark}: runs each decode benchmark method in alternating short
 * rounds, keeps the best round of each and prints MB/s (of original mail size). Run:
 * {@code java -cp benchmarks/target/benchmarks.jar io.spoolgate.benchmarks.codec.DecodeRatio [rounds]}.
 */
public final class DecodeRatio {

    private DecodeRatio() {
    }

    private interface Op {
        long run() throws IOException;
    }

    public static void main(String[] args) throws IOException {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        long blackhole = 0;
        for (int size : new int[] {102400, 10485760}) {
            NetdataDecodeBenchmark b = new NetdataDecodeBenchmark();
            b.size = size;
            b.setUp();
            String[] names = {"netdataToMail", "bsmtpFromNetdata", "bsmtpFromPunchCards", "jdkIbm1047Decode"};
            Op[] ops = {b::netdataToMail, b::bsmtpFromNetdata, b::bsmtpFromPunchCards, () -> b.jdkIbm1047Decode().length()};
            long[] best = new long[ops.length];
            java.util.Arrays.fill(best, Long.MAX_VALUE);
            int reps = Math.max(2, 30_000_000 / size);
            for (int r = 0; r < rounds; r++) {
                for (int k = 0; k < ops.length; k++) {
                    long t0 = System.nanoTime();
                    for (int i = 0; i < reps; i++) {
                        blackhole += ops[k].run();
                    }
                    best[k] = Math.min(best[k], System.nanoTime() - t0);
                }
            }
            for (int k = 0; k < ops.length; k++) {
                System.out.printf("size %9d: %-20s %7.0f MB/s%n", size, names[k], (double) size * reps / best[k] * 1e3);
            }
        }
        System.out.println("(checksum " + blackhole + ")");
    }
}
