package io.spoolgate.vmspool.intake;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import io.spoolgate.vmspool.spool.DirectorySpoolBackend;
import io.spoolgate.vmspool.spool.SpoolFile;
import io.spoolgate.vmspool.spool.VmUserid;

/** The service machine's reader as a folder of the directory spool ({@code spool/SMTP/NNNN.rdr} + {@code .attrs}). */
public final class DirectoryIntakeReader implements IntakeReader {

    private final DirectorySpoolBackend spool;
    private final VmUserid service;
    private final Clock clock;

    public DirectoryIntakeReader(DirectorySpoolBackend spool, VmUserid service, Clock clock) {
        this.spool = spool;
        this.service = service;
        this.clock = clock;
    }

    @Override
    public List<IncomingFile> pending() throws IOException {
        List<IncomingFile> files = new ArrayList<>();
        for (SpoolFile f : spool.list(service)) {
            files.add(new IncomingFile(f.spoolId(), f.key(), f.originUserid().value(), f.originNode(), f.fileName(),
                f.fileType()));
        }
        return files;
    }

    @Override
    public Path fetch(IncomingFile file, Path workDirectory) {
        return spool.dataPath(service, file.spoolId());
    }

    @Override
    public void release(Path fetched) {
        // the data stays in the reader until remove()
    }

    @Override
    public void remove(IncomingFile file) throws IOException {
        spool.purge(service, file.spoolId());
    }

    @Override
    public Path reject(IncomingFile file, Path fetched, RejectedArea area, String reason) throws IOException {
        Path attrs = fetched.resolveSibling(String.format("%04d", file.spoolId()) + ".attrs");
        return area.reject(service.value(), fetched, attrs, reason, clock.instant());
    }
}
