package io.spoolgate.benchmarks.codec;

import io.spoolgate.vmspool.bsmtp.BsmtpReader;
import io.spoolgate.vmspool.bsmtp.BsmtpWriter;
import io.spoolgate.vmspool.card.PunchCardReader;
import io.spoolgate.vmspool.card.PunchCardWriter;
import io.spoolgate.vmspool.format.RecordDecoder;
import io.spoolgate.vmspool.format.RecordEncoder;
import io.spoolgate.vmspool.netdata.NetdataHeader;
import io.spoolgate.vmspool.netdata.NetdataReader;
import io.spoolgate.vmspool.netdata.NetdataWriter;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.Charset;
import java.time.Instant;
import java.util.List;
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
 * Decoding: a NETDATA mail back to octets (NetdataReader + RecordDecoder), BSMTP inside NETDATA and BSMTP on punch
 * cards (BsmtpReader), beside the JDK's bare IBM1047 decode of the mail's EBCDIC bytes. Scores are mails per second;
 * MB/s = score x size / 1e6 (size = the original mail size).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class NetdataDecodeBenchmark {

    private static final Charset IBM1047 = Charset.forName("IBM1047");

    /** Mail size in bytes: 100 KB, 10 MB. */
    @Param({"102400", "10485760"})
    public int size;

    private byte[] netdata;
    private byte[] bsmtpNetdata;
    private byte[] bsmtpCards;
    private byte[] ebcdic;
    private final NetdataEncodeBenchmark.CountingSink sink = new NetdataEncodeBenchmark.CountingSink();

    /** Builds the inputs for the current {@link #size}. */
    @Setup
    public void setUp() throws IOException {
        byte[] mail = SampleMail.of(size);
        ebcdic = new String(mail, java.nio.charset.StandardCharsets.ISO_8859_1).getBytes(IBM1047);
        Instant t = Instant.parse("2026-11-24T03:00:00Z");
        ByteArrayOutputStream nd = new ByteArrayOutputStream();
        try (NetdataWriter w = new NetdataWriter(nd, NetdataHeader.note("GW", "SMTP", "VM1", "MAINT", t, 80))) {
            RecordEncoder.encode(mail, 80, w::writeRecord);
        }
        netdata = nd.toByteArray();

        ByteArrayOutputStream bn = new ByteArrayOutputStream();
        try (NetdataWriter w = new NetdataWriter(bn, NetdataHeader.file("GW", "SMTP", "VM1", "SMTP", t, 80, List.of("A", "GW", "MAIL")))) {
            BsmtpWriter b = new BsmtpWriter(w::writeRecord, "gw.example.com");
            b.write("ada@example.org", List.of("maint@vm1"), new ByteArrayInputStream(mail));
            b.finish();
        }
        bsmtpNetdata = bn.toByteArray();

        ByteArrayOutputStream cards = new ByteArrayOutputStream();
        PunchCardWriter pw = new PunchCardWriter(cards);
        BsmtpWriter b = new BsmtpWriter(pw, "gw.example.com");
        b.write("ada@example.org", List.of("maint@vm1"), new ByteArrayInputStream(mail));
        b.finish();
        pw.flush();
        bsmtpCards = cards.toByteArray();
    }

    /** NETDATA -> records -> mail octets. */
    @Benchmark
    public long netdataToMail() throws IOException {
        sink.count = 0;
        NetdataReader r = new NetdataReader(new ByteArrayInputStream(netdata));
        RecordDecoder d = new RecordDecoder(80, sink);
        while (r.nextRecord(d)) {
            // streamed
        }
        d.finish();
        return sink.count;
    }

    /** BSMTP inside NETDATA -> envelope + message. */
    @Benchmark
    public long bsmtpFromNetdata() throws IOException {
        sink.count = 0;
        BsmtpReader r = new BsmtpReader(new NetdataReader(new ByteArrayInputStream(bsmtpNetdata)));
        while (r.next(sink) != null) {
            // one transaction
        }
        return sink.count;
    }

    /** BSMTP on 80-column punch cards -> envelope + message. */
    @Benchmark
    public long bsmtpFromPunchCards() throws IOException {
        sink.count = 0;
        BsmtpReader r = new BsmtpReader(new PunchCardReader(new ByteArrayInputStream(bsmtpCards)));
        while (r.next(sink) != null) {
            // one transaction
        }
        return sink.count;
    }

    /** The JDK's bare IBM1047 decode of the same text, for reference. */
    @Benchmark
    public String jdkIbm1047Decode() {
        return new String(ebcdic, IBM1047);
    }
}
