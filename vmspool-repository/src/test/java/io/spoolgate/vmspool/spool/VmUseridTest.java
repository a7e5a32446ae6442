package io.spoolgate.vmspool.spool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class VmUseridTest {

    @Test
    void validUseridsAreUpperCased() {
        assertThat(VmUserid.of("user1").value()).isEqualTo("USER1");
        assertThat(VmUserid.of("A@#$_-9").value()).isEqualTo("A@#$_-9");
    }

    @Test
    void invalidUseridsAreRefusedWithTheReason() {
        assertThatThrownBy(() -> VmUserid.of("")).hasMessageContaining("empty");
        assertThatThrownBy(() -> VmUserid.of("NINECHARS")).hasMessageContaining("longer than 8");
        assertThatThrownBy(() -> VmUserid.of("JOHN.DOE")).hasMessageContaining("'.'").hasMessageContaining("position 5");
    }

    @Test
    void theDefaultRuleTakesTheFirstEightCharactersOfTheLocalPart() {
        assertThat(VmUserid.fromLocalPart("maintenance")).contains(VmUserid.of("MAINTENA"));
        assertThat(VmUserid.fromLocalPart("user1")).contains(VmUserid.of("USER1"));
        assertThat(VmUserid.fromLocalPart("john.doe")).isEmpty();
        assertThat(VmUserid.fromLocalPart("")).isEmpty();
    }

    @Test
    void spoolKeysRoundTrip() {
        SpoolKey k = SpoolKey.of(VmUserid.of("USER1"), 7);
        assertThat(k.asString()).isEqualTo("USER1-0007");
        assertThat(SpoolKey.parse("USER1-0007")).isEqualTo(k);
        assertThat(SpoolKey.parse("A-B-12345")).isEqualTo(SpoolKey.of(VmUserid.of("A-B"), 12345));
        assertThatThrownBy(() -> SpoolKey.parse("USER1")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SpoolKey.parse("USER1-x")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void spoolIdsPrintAsStringFormatWouldPrintThem() {
        for (int id : new int[] {0, 1, 7, 42, 999, 1000, 9999, 10000, 123456, -1, -12345}) {
            assertThat(SpoolNames.spoolId(id)).as("id %d", id).isEqualTo(String.format("%04d", id));
        }
    }

    @Test
    void cmsNamesFollowTheSenderLocalPart() {
        assertThat(SpoolNames.fileNameForSender("john.doe@example.org")).isEqualTo("JOHNDOE");
        assertThat(SpoolNames.fileNameForSender("averyveryverylong@x")).isEqualTo("AVERYVER");
        assertThat(SpoolNames.fileNameForSender("")).isEqualTo("UNKNOWN");
        assertThat(SpoolNames.fileNameForSender("...@x")).isEqualTo("UNKNOWN");
    }
}
