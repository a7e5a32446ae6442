package io.spoolgate.vmspool.spool;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;

/**
 * Where reader files live: a directory tree on Linux ({@link DirectorySpoolBackend}) or the real z/VM spool reached with
 * s390-tools ({@link VmurSpoolBackend}).
 */
public interface SpoolBackend {

    /**
     * Puts one file into {@code request.owner()}'s reader. The file appears whole or not at all.
     *
     * @throws IOException when it cannot be written (disk full, reader not writable, CP refused); nothing is left behind
     */
    SpoolFile punch(PunchRequest request, SpoolFileContent content) throws IOException;

    /**
     * {@link #punch(PunchRequest, SpoolFileContent)} for a caller that waits for the file's name to be durable through
     * {@code names} ({@link NameSyncer#afterNamesDurable}) before it forgets the mail: the file is complete when this
     * returns, its name may still be lost in a crash. Backends whose punch is durable as it returns (the z/VM spool)
     * ignore {@code names}.
     */
    default SpoolFile punch(PunchRequest request, SpoolFileContent content, NameSyncer names) throws IOException {
        return punch(request, content);
    }

    /** The reader file punched earlier for this James mail key, if any (makes redelivery after a crash idempotent). */
    Optional<SpoolFile> findByMailKey(VmUserid owner, String mailKey) throws IOException;

    /** Userids that have a reader here (with the directory backend: a folder under the spool root). */
    List<VmUserid> readers() throws IOException;

    /** The files in {@code owner}'s reader, by spool id. */
    List<SpoolFile> list(VmUserid owner) throws IOException;

    Optional<SpoolFile> find(VmUserid owner, int spoolId) throws IOException;

    /** The raw spool data (80-byte cards) of a file. */
    InputStream open(SpoolFile file) throws IOException;

    /** Removes a file from a reader; false when there was none. */
    boolean purge(VmUserid owner, int spoolId) throws IOException;
}
