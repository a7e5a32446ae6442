package io.spoolgate.vmspool.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.spoolgate.vmspool.format.RecordSink;
import io.spoolgate.vmspool.netdata.NetdataControl;
import io.spoolgate.vmspool.netdata.NetdataReader;
import io.spoolgate.vmspool.spool.DeliveryFormat;
import io.spoolgate.vmspool.spool.ReaderFileDecoder;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Coverage-guided fuzzing of the NETDATA decoder: {@link NetdataReader} over every file of a transmission, and the
 * reader-file path NETDATA → mail ({@link ReaderFileDecoder#decodeMessage}). Only {@code SpoolDecodeException} may
 * escape. Seeds: {@code NetdataJazzerTestInputs/netdata/} (real VM/MVS transmissions and our writer's output).
 */
class NetdataJazzerTest {

    @FuzzTest(maxDuration = "10m")
    void netdata(byte[] input) throws IOException {
        Fuzzing.decodesOrIsRejected(() -> {
            NetdataReader reader = new NetdataReader(new ByteArrayInputStream(input), Fuzzing.MAX_RECORD);
            NetdataControl control = reader.header();
            Fuzzing.check(control.numberOfFiles() >= 0, "negative INMNUMF " + control.numberOfFiles());
            long[] records = {0};
            RecordSink sink = (b, off, len) -> {
                Fuzzing.check(len >= 0 && len <= Fuzzing.MAX_RECORD && off >= 0 && off + len <= b.length, "record slice out of range");
                records[0]++;
            };
            int files = reader.currentFile(); // 0 for a transmission without data (INMR06 right after the header)
            do {
                Fuzzing.check(reader.currentFile() == files, "currentFile " + reader.currentFile() + " expected " + files);
                while (reader.nextRecord(sink)) {
                    // drain
                }
                files++;
            } while (reader.nextFile());
            Fuzzing.check(reader.isComplete(), "reader ended without INMR06 but did not complain");
        });
        Fuzzing.decodesOrIsRejected(() ->
            ReaderFileDecoder.decodeMessage(DeliveryFormat.NETDATA, new ByteArrayInputStream(input), OutputStream.nullOutputStream()));
    }
}
