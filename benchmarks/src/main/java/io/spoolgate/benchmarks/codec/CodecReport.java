package io.spoolgate.benchmarks.codec;

import java.util.Collection;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs the codec benchmarks briefly (1 fork, 2 x 1 s warm-up, 3 x 2 s measurement) and prints MB/s per benchmark and
 * size plus the ratio NETDATA writer / bare JDK IBM1047 translation. Run:
 * {@code java -cp benchmarks/target/benchmarks.jar io.spoolgate.benchmarks.codec.CodecReport [regex]}.
 */
public final class CodecReport {

    private CodecReport() {
    }

    public static void main(String[] args) throws RunnerException {
        String include = args.length > 0 ? args[0] : "io.spoolgate.benchmarks.codec.Netdata.*";
        Options opt = new OptionsBuilder().include(include).forks(1)
                .warmupIterations(2).warmupTime(TimeValue.seconds(1))
                .measurementIterations(3).measurementTime(TimeValue.seconds(2)).build();
        Collection<RunResult> results = new Runner(opt).run();
        System.out.printf("%n%-60s %10s %12s%n", "benchmark", "size", "MB/s");
        java.util.Map<String, Double> writer = new java.util.HashMap<>();
        java.util.Map<String, Double> jdk = new java.util.HashMap<>();
        for (RunResult r : results) {
            String name = r.getParams().getBenchmark();
            String size = r.getParams().getParam("size");
            double mbs = r.getPrimaryResult().getScore() * Long.parseLong(size) / 1e6;
            System.out.printf("%-60s %10s %12.1f%n", name, size, mbs);
            if (name.endsWith("NetdataEncodeBenchmark.netdataWriter")) {
                writer.put(size, mbs);
            } else if (name.endsWith("NetdataEncodeBenchmark.jdkIbm1047Translation")) {
                jdk.put(size, mbs);
            }
        }
        for (String size : writer.keySet()) {
            if (jdk.containsKey(size)) {
                System.out.printf("ratio NETDATA writer / JDK IBM1047 at %s bytes: %.2f%n", size, writer.get(size) / jdk.get(size));
            }
        }
    }
}
