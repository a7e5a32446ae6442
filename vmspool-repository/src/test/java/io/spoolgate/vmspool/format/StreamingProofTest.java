package io.spoolgate.vmspool.format;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Forks a JVM with -Xmx64m that streams a 200 MB mail through the NETDATA codec and back; it must not run out of memory. */
class StreamingProofTest {

    private static final long MAIL_BYTES = 200L * 1000 * 1000;

    @Test
    void twoHundredMegabyteMailStreamsThroughA64MegabyteHeap() throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        ProcessBuilder pb = new ProcessBuilder(List.of(java, "-Xmx64m", "-XX:+ExitOnOutOfMemoryError", "-cp", cp,
                StreamingProofMain.class.getName(), Long.toString(MAIL_BYTES)));
        pb.redirectErrorStream(true);
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        boolean ended = p.waitFor(5, TimeUnit.MINUTES);
        String text = new String(out, StandardCharsets.UTF_8);
        assertThat(ended).as("child ended").isTrue();
        assertThat(p.exitValue()).as(text).isZero();
        assertThat(text).startsWith("OK " + MAIL_BYTES + " ");
        String[] f = text.trim().split(" ");
        long netdata = Long.parseLong(f[2]);
        assertThat(netdata % 80).isZero();
        assertThat(netdata).isGreaterThan(MAIL_BYTES);
        assertThat(f[4]).isEqualTo("maxHeapMiB=" + f[4].substring(11));
        assertThat(Long.parseLong(f[4].substring(11))).isLessThanOrEqualTo(64);
    }
}
