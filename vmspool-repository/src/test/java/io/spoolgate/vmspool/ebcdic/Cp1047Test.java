package io.spoolgate.vmspool.ebcdic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.Charset;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class Cp1047Test {

    @Test
    void isABijectionOverAll256Values() {
        Set<Integer> images = new HashSet<>();
        for (int e = 0; e < 256; e++) {
            int a = Cp1047.toLatin1((byte) e);
            assertThat(a).isBetween(0, 255);
            images.add(a);
            assertThat(Cp1047.toEbcdic(a) & 0xFF).as("round trip of X'%02X'", e).isEqualTo(e);
        }
        assertThat(images).hasSize(256);
    }

    @Test
    void agreesWithTheJdkExceptTheNewlineSwap() {
        Charset jdk = Charset.forName("IBM1047");
        byte[] all = new byte[256];
        for (int i = 0; i < 256; i++) {
            all[i] = (byte) i;
        }
        String viaJdk = new String(all, jdk);
        for (int e = 0; e < 256; e++) {
            int ours = Cp1047.toLatin1((byte) e);
            if (e == 0x15) {
                assertThat(ours).isEqualTo(0x85);
                assertThat((int) viaJdk.charAt(e)).isEqualTo(0x0A);
            } else if (e == 0x25) {
                assertThat(ours).isEqualTo(0x0A);
                assertThat((int) viaJdk.charAt(e)).isEqualTo(0x85);
            } else {
                assertThat(ours).as("X'%02X'", e).isEqualTo((int) viaJdk.charAt(e));
            }
        }
    }

    @Test
    void knownCharacters() {
        assertThat(Cp1047.encode("INMR01 [^]")).containsExactly(
                0xC9, 0xD5, 0xD4, 0xD9, 0xF0, 0xF1, 0x40, 0xAD, 0x5F, 0xBD);
        assertThat(Cp1047.toEbcdic('\n')).isEqualTo((byte) 0x25);
        assertThat(Cp1047.toEbcdic(0x85)).isEqualTo((byte) 0x15);
        assertThat(Cp1047.decode(new byte[] {(byte) 0xC8, (byte) 0x85, (byte) 0x93, (byte) 0x93, (byte) 0x96}, 0, 5)).isEqualTo("Hello");
    }

    @Test
    void bulkTranslationMatchesSingleBytes() {
        byte[] src = new byte[300];
        for (int i = 0; i < src.length; i++) {
            src[i] = (byte) (i * 7);
        }
        byte[] e = new byte[300];
        Cp1047.toEbcdic(src, 0, e, 0, 300);
        byte[] back = new byte[302];
        Cp1047.toLatin1(e, 0, back, 2, 300);
        for (int i = 0; i < 300; i++) {
            assertThat(e[i]).isEqualTo(Cp1047.toEbcdic(src[i] & 0xFF));
            assertThat(back[i + 2]).isEqualTo(src[i]);
        }
        assertThatThrownBy(() -> Cp1047.toEbcdic(src, 290, e, 0, 20)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void encodeRejectsCharactersOutsideLatin1NamingThem() {
        assertThatThrownBy(() -> Cp1047.encode("ab\u2013c"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("U+2013")
                .hasMessageContaining("index 2");
    }
}
