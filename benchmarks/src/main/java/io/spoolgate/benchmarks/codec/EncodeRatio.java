package io.spoolgate.benchmarks.codec;

import io.spoolgate.vmspool.format.RecordEncoder;
import io.spoolgate.vmspool.netdata.NetdataHeader;
import io.spoolgate.vmspool.netdata.NetdataWriter;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * A load-tolerant companion to {@link NetdataEncodeBenchmark} for shared machines: it alternates the full NETDATA
 * writer and the bare JDK IBM1047 translation on the same mail in short rounds and keeps the best round of each, so
 * both see the same machine load. Prints MB/s and the ratio per size. Run:
 * {@code java -cp benchmarks/target/benchmarks.jar io.spoolgate.benchmarks.codec.EncodeRatio [rounds]}.
 */
public final class EncodeRatio {

    private static final Charset IBM1047 = Charset.forName("IBM1047");
    private static final NetdataHeader HEADER = NetdataHeader.note("SPOOLGW", "SMTP", "VMNODE1", "MAINT",
            Instant.parse("2026-11-24T03:00:00Z"), 80);

    private EncodeRatio() {
    }

    public static void main(String[] args) throws IOException {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        NetdataEncodeBenchmark.CountingSink sink = new NetdataEncodeBenchmark.CountingSink();
        long blackhole = 0;
        for (int size : new int[] {4096, 102400, 10485760}) {
            byte[] mail = SampleMail.of(size);
            NetdataHeader header = HEADER.withSizeHint(mail.length);
            int reps = Math.max(2, 50_000_000 / size);
            long bestWriter = Long.MAX_VALUE;
            long bestJdk = Long.MAX_VALUE;
            for (int r = 0; r < rounds; r++) {
                long t0 = System.nanoTime();
                for (int i = 0; i < reps; i++) {
                    NetdataWriter w = new NetdataWriter(sink, header);
                    RecordEncoder enc = new RecordEncoder(NetdataWriter.CARD, w::writeRecord);
                    enc.write(mail, 0, mail.length);
                    enc.finish();
                    w.close();
                }
                long t1 = System.nanoTime();
                for (int i = 0; i < reps; i++) {
                    blackhole += new String(mail, StandardCharsets.ISO_8859_1).getBytes(IBM1047).length;
                }
                long t2 = System.nanoTime();
                bestWriter = Math.min(bestWriter, t1 - t0);
                bestJdk = Math.min(bestJdk, t2 - t1);
            }
            double writerMbs = (double) size * reps / bestWriter * 1e3;
            double jdkMbs = (double) size * reps / bestJdk * 1e3;
            System.out.printf("size %9d: NETDATA writer %7.0f MB/s, JDK IBM1047 translation %7.0f MB/s, ratio %.2f%n",
                    size, writerMbs, jdkMbs, writerMbs / jdkMbs);
        }
        System.out.println("(checksum " + (blackhole + sink.count) + ")");
    }
}
