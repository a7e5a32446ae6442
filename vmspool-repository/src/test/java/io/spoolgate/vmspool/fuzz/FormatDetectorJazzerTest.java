package io.spoolgate.vmspool.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.spoolgate.vmspool.ebcdic.Cp1047;
import io.spoolgate.vmspool.format.SpoolFormat;
import io.spoolgate.vmspool.format.SpoolFormatDetector;
import java.util.Arrays;

/**
 * Coverage-guided fuzzing of {@link SpoolFormatDetector}: never throws, never returns null, looks only at the first
 * {@code len} bytes, and agrees with the documented signatures (NETDATA: a segment of at least 8 bytes with the
 * first-segment and control flags carrying INMR01; BSMTP: HELO/EHLO/MAIL FROM/TICK after blanks, NULs and newlines).
 * Seeds: {@code FormatDetectorJazzerTestInputs/formatDetector/}.
 */
class FormatDetectorJazzerTest {

    private static final byte[] INMR01 = Cp1047.encode("INMR01");

    @FuzzTest(maxDuration = "10m")
    void formatDetector(byte[] input) {
        int len = input.length == 0 ? 0 : (input[0] & 0x7F) % (input.length + 1);
        byte[] head = Arrays.copyOfRange(input, Math.min(1, input.length), input.length);
        len = Math.min(len, head.length);
        SpoolFormat format = SpoolFormatDetector.detect(head, len);
        Fuzzing.check(format != null, "null format");
        Fuzzing.check(SpoolFormatDetector.detect(Arrays.copyOf(head, len), len) == format,
            "the result depends on bytes beyond len");
        Fuzzing.check(SpoolFormatDetector.detect(head, head.length + 1000) == SpoolFormatDetector.detect(head, head.length),
            "a len beyond the array changes the result");
        boolean netdata = len >= 8 && (head[0] & 0xFF) >= 8 && (head[1] & 0xA0) == 0xA0
            && Arrays.equals(Arrays.copyOfRange(head, 2, 8), INMR01);
        Fuzzing.check((format == SpoolFormat.NETDATA) == netdata, "NETDATA signature mismatch: " + format);
        if (format == SpoolFormat.BSMTP) {
            String text = Cp1047.decode(Arrays.copyOf(head, len)).replaceFirst("^[ \\u0000\\n\\r\\u0085]*", "").toUpperCase(java.util.Locale.ROOT);
            Fuzzing.check(text.startsWith("HELO ") || text.startsWith("EHLO ") || text.startsWith("MAIL FROM") || text.startsWith("TICK "),
                "BSMTP without a BSMTP verb: " + text);
        }
    }
}
