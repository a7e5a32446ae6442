package io.spoolgate.vmspool.spool;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.StringReader;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.Random;

import org.junit.jupiter.api.Test;

class SpoolFileAttributesCodecTest {

    @Test
    void anyKeyAndValueReadBackByJavaPropertiesAsWritten() throws Exception {
        Random random = new Random(7);
        String alphabet = " \t\n\r\f\\=:#!abcZ09.,@<>\u00e9\u20ac\u0001\u000b\ud83d\ude00";
        for (int round = 0; round < 2000; round++) {
            String key = randomText(random, alphabet, 1 + random.nextInt(12));
            String value = randomText(random, alphabet, random.nextInt(20));
            StringBuilder text = new StringBuilder();
            SpoolFileAttributesCodec.line(text, key, value);
            Properties back = new Properties();
            back.load(new StringReader(text.toString()));
            assertThat(back).as("key %s value %s", key, value).containsExactly(java.util.Map.entry(key, value));
        }
    }

    private static String randomText(Random random, String alphabet, int length) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < length; i++) {
            int at = random.nextInt(alphabet.length());
            char c = alphabet.charAt(at);
            if (Character.isHighSurrogate(c)) {
                s.append(c).append(alphabet.charAt(at + 1));
            } else if (!Character.isLowSurrogate(c)) {
                s.append(c);
            }
        }
        return s.toString();
    }

    @Test
    void aReaderFileRoundTrips() throws Exception {
        SpoolFile file = new SpoolFile(VmUserid.of("USER1"), 7, 'A', "ALICE", "MAIL", VmUserid.of("SMTP"), "VMNODE",
            DeliveryFormat.NETDATA, 17, 1360, Instant.parse("2026-11-24T12:00:00Z"), "Mail123-a=b",
            "alice@example.org", List.of("user1@vm.example", "user2@vm.example"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        SpoolFileAttributesCodec.write(file, out);
        assertThat(out.toString(java.nio.charset.StandardCharsets.UTF_8)).startsWith("#Spoolgate reader file attributes\n")
            .contains("spoolid=7\n").contains("mail.key=Mail123-a\\=b\n");
        assertThat(SpoolFileAttributesCodec.read(VmUserid.of("USER1"), 7, new ByteArrayInputStream(out.toByteArray()), "t"))
            .isEqualTo(file);
    }
}
