package io.spoolgate.benchmarks.codec;

import io.spoolgate.vmspool.ebcdic.Cp1047;
import io.spoolgate.vmspool.format.RecordEncoder;
import io.spoolgate.vmspool.netdata.NetdataHeader;
import io.spoolgate.vmspool.netdata.NetdataWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * NETDATA encoding of a whole mail (RecordEncoder + NetdataWriter into a null sink, INMSIZE = mail size) beside the JDK's bare
 * {@code new String(bytes, ISO_8859_1).getBytes(IBM1047)} translation of the same bytes and our bare table
 * translation. Scores are operations (mails) per second; MB/s = score x size / 1e6 ({@link CodecReport} prints
 * MB/s and the ratio directly).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class NetdataEncodeBenchmark {

    private static final Charset IBM1047 = Charset.forName("IBM1047");
    private static final NetdataHeader HEADER = NetdataHeader.note("SPOOLGW", "SMTP", "VMNODE1", "MAINT",
            Instant.parse("2026-11-24T03:00:00Z"), 80);
    private NetdataHeader header;

    /** Mail size in bytes: 4 KB, 100 KB, 10 MB. */
    @Param({"4096", "102400", "10485760"})
    public int size;

    private byte[] mail;
    private byte[] scratch;
    private CountingSink sink;

    @Setup
    public void setUp() {
        mail = SampleMail.of(size);
        header = HEADER.withSizeHint(mail.length); // the caller knows the message size (INMSIZE), as in production
        scratch = new byte[mail.length];
        sink = new CountingSink();
    }

    /** The full NETDATA writer path: line splitting, CP1047, segments, cards, INMR records. */
    @Benchmark
    public long netdataWriter() throws IOException {
        sink.count = 0;
        NetdataWriter w = new NetdataWriter(sink, header);
        RecordEncoder enc = new RecordEncoder(NetdataWriter.CARD, w::writeRecord);
        enc.write(mail, 0, mail.length);
        enc.finish();
        w.close();
        return sink.count;
    }

    /** The JDK's bare translation, the reference the writer must at least match. */
    @Benchmark
    public byte[] jdkIbm1047Translation() {
        return new String(mail, StandardCharsets.ISO_8859_1).getBytes(IBM1047);
    }

    /** Our bare table translation (no framing), for comparison. */
    @Benchmark
    public byte[] cp1047TableTranslation() {
        Cp1047.toEbcdic(mail, 0, scratch, 0, mail.length);
        return scratch;
    }

    /** A null sink that counts bytes. */
    static final class CountingSink extends OutputStream {
        long count;

        @Override
        public void write(int b) {
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            count += len;
        }
    }
}
