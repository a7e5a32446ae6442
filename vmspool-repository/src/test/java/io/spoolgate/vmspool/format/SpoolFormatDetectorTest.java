package io.spoolgate.vmspool.format;

import static org.assertj.core.api.Assertions.assertThat;

import io.spoolgate.vmspool.ebcdic.Cp1047;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class SpoolFormatDetectorTest {

    private static SpoolFormat detect(byte[] b) {
        return SpoolFormatDetector.detect(b, b.length);
    }

    @Test
    void realNetdataSamples() throws IOException {
        Path dir = Path.of(System.getProperty("user.dir")).resolve("../../shared/testdata/netdata");
        for (String name : new String[] {"vm-cms-note-1993.netdata", "mvs-tso-transmit-member.netdata", "xmit370-pds.xmi"}) {
            byte[] b = Files.readAllBytes(dir.resolve(name));
            assertThat(SpoolFormatDetector.detect(b, 80)).as(name).isEqualTo(SpoolFormat.NETDATA);
        }
    }

    @Test
    void bsmtpCommandsCaseInsensitiveAfterBlanks() {
        assertThat(detect(Cp1047.encode("HELO vm.example"))).isEqualTo(SpoolFormat.BSMTP);
        assertThat(detect(Cp1047.encode("    ehlo x"))).isEqualTo(SpoolFormat.BSMTP);
        assertThat(detect(Cp1047.encode("mail from:<a@b>"))).isEqualTo(SpoolFormat.BSMTP);
        assertThat(detect(Cp1047.encode("TICK 1234"))).isEqualTo(SpoolFormat.BSMTP);
    }

    @Test
    void plainOtherwise() {
        assertThat(detect(new byte[0])).isEqualTo(SpoolFormat.PLAIN);
        assertThat(detect(Cp1047.encode("Hello world"))).isEqualTo(SpoolFormat.PLAIN);
        assertThat(detect(Cp1047.encode("HELOX"))).isEqualTo(SpoolFormat.PLAIN);
        assertThat(detect("HELO ascii".getBytes())).isEqualTo(SpoolFormat.PLAIN);
        byte[] almost = new byte[] {0x63, (byte) 0xC0, (byte) 0xC9, (byte) 0xD5, (byte) 0xD4, (byte) 0xD9, (byte) 0xF0, (byte) 0xF1};
        assertThat(detect(almost)).as("data flag, not control").isEqualTo(SpoolFormat.PLAIN);
        assertThat(SpoolFormatDetector.detect(Cp1047.encode("HELO x"), 3)).isEqualTo(SpoolFormat.PLAIN);
    }
}
