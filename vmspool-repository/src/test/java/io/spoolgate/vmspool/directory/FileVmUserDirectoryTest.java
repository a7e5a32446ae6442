package io.spoolgate.vmspool.directory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.spoolgate.vmspool.spool.VmUserid;

class FileVmUserDirectoryTest {

    @TempDir
    Path dir;

    @Test
    void readsUseridsSkippingCommentsAndBlankLines() throws Exception {
        Path f = Files.writeString(dir.resolve("vmusers"), "* comment\n# also\n\nMAINT  the admin\nuser1\n");
        FileVmUserDirectory users = new FileVmUserDirectory(f);
        assertThat(users.userids()).containsExactlyInAnyOrder(VmUserid.of("MAINT"), VmUserid.of("USER1"));
        assertThat(users.exists(VmUserid.of("USER2"))).isFalse();
    }

    @Test
    void aBadLineIsRefusedWithItsNumber() throws Exception {
        Path f = Files.writeString(dir.resolve("vmusers"), "MAINT\nJOHN.DOE\n");
        assertThatThrownBy(() -> new FileVmUserDirectory(f)).hasMessageContaining("line 2").hasMessageContaining("'.'");
        assertThatThrownBy(() -> new FileVmUserDirectory(dir.resolve("missing"))).hasMessageContaining("does not exist");
    }

    @Test
    void anEditIsPickedUpAndABrokenEditKeepsTheOldList() throws Exception {
        Path f = Files.writeString(dir.resolve("vmusers"), "MAINT\n");
        FileVmUserDirectory users = new FileVmUserDirectory(f);
        Files.writeString(f, "MAINT\nUSER9\n");
        Files.setLastModifiedTime(f, FileTime.from(Instant.now().plusSeconds(5)));
        Thread.sleep(1100);
        assertThat(users.exists(VmUserid.of("USER9"))).isTrue();
        Files.writeString(f, "MAINT\nBAD USER NAME.\n!!!\n");
        Files.setLastModifiedTime(f, FileTime.from(Instant.now().plusSeconds(10)));
        Thread.sleep(1100);
        assertThat(users.exists(VmUserid.of("USER9"))).as("previous list stays in force").isTrue();
    }
}
