package io.spoolgate.vmspool.directory;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.spoolgate.vmspool.spool.VmUserid;

/**
 * The VM user directory as a text file the administrator edits: one userid per line (the first word; the rest of the
 * line is a comment), blank lines and lines starting with {@code *} or {@code #} ignored. The file is re-read when it
 * changes (checked at most once a second); a broken edit is refused with the line number and the previous list stays
 * in force.
 */
public final class FileVmUserDirectory implements VmUserDirectory {

    private final EditedFile<Set<VmUserid>> file;

    /** @throws IllegalArgumentException naming the file and line of the first bad userid, or when the file is missing */
    public FileVmUserDirectory(Path file) {
        this.file = new EditedFile<>(file, "VM user directory file", FileVmUserDirectory::parse);
    }

    @Override
    public boolean exists(VmUserid userid) {
        return file.current().contains(userid);
    }

    /** The userids listed now. */
    public Set<VmUserid> userids() {
        return Set.copyOf(file.current());
    }

    static Set<VmUserid> parse(Path file, List<String> lines) {
        Set<VmUserid> result = new HashSet<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).trim();
            if (line.isEmpty() || line.startsWith("*") || line.startsWith("#")) {
                continue;
            }
            String word = line.split("\\s+", 2)[0];
            try {
                result.add(VmUserid.of(word));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(file + " line " + (i + 1) + ": " + e.getMessage());
            }
        }
        return result;
    }
}
