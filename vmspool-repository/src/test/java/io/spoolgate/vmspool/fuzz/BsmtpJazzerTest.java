package io.spoolgate.vmspool.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.spoolgate.vmspool.card.PunchCardReader;
import io.spoolgate.vmspool.netdata.NetdataReader;
import io.spoolgate.vmspool.spool.DeliveryFormat;
import io.spoolgate.vmspool.spool.ReaderFileDecoder;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Coverage-guided fuzzing of the BSMTP reader over both carriers: BSMTP in NETDATA and BSMTP on 80-column punch
 * cards, directly and through the reader-file path ({@link ReaderFileDecoder}). Only {@code SpoolDecodeException}
 * (e.g. {@code BsmtpException}) may escape; every transaction read has sane paths, 1..1000 recipients and a correct
 * byte count. Seeds: {@code BsmtpJazzerTestInputs/bsmtp/}.
 */
class BsmtpJazzerTest {

    @FuzzTest(maxDuration = "10m")
    void bsmtp(byte[] input) throws IOException {
        Fuzzing.decodesOrIsRejected(() -> Fuzzing.drainBsmtp(new PunchCardReader(new ByteArrayInputStream(input), Fuzzing.MAX_RECORD)));
        Fuzzing.decodesOrIsRejected(() -> {
            NetdataReader reader = new NetdataReader(new ByteArrayInputStream(input), Fuzzing.MAX_RECORD);
            reader.header();
            Fuzzing.drainBsmtp(reader);
        });
        for (DeliveryFormat format : new DeliveryFormat[] {DeliveryFormat.BSMTP, DeliveryFormat.BSMTP_CARDS}) {
            Fuzzing.decodesOrIsRejected(() -> {
                var tx = ReaderFileDecoder.decodeMessage(format, new ByteArrayInputStream(input), OutputStream.nullOutputStream());
                Fuzzing.check(tx != null, "decodeMessage(" + format + ") returned no envelope");
            });
        }
    }
}
