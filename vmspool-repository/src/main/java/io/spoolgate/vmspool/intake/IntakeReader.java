package io.spoolgate.vmspool.intake;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The reader of the SMTP service machine, as the intake sees it: the files waiting, their bytes, and taking them out.
 * {@link DirectoryIntakeReader} reads a folder of the directory spool; {@link VmurIntakeReader} the guest's own z/VM
 * reader with s390-tools.
 */
public interface IntakeReader {

    /** Files waiting, oldest spool id first. */
    List<IncomingFile> pending() throws IOException;

    /**
     * The raw spool data (80-byte card images) of a waiting file as a local file. The caller calls
     * {@link #release(Path)} when done with it.
     */
    Path fetch(IncomingFile file, Path workDirectory) throws IOException;

    /** Done with what {@link #fetch} gave. */
    void release(Path fetched) throws IOException;

    /** Removes a file from the reader, once its mail is safely enqueued. */
    void remove(IncomingFile file) throws IOException;

    /**
     * Moves a file that cannot be decoded out of the reader into the rejected area, with its reason.
     *
     * @return where it is kept
     */
    Path reject(IncomingFile file, Path fetched, RejectedArea area, String reason) throws IOException;
}
