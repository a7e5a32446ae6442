package io.spoolgate.it.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

import io.spoolgate.vmspool.spool.DirectorySpoolBackend;
import io.spoolgate.vmspool.spool.ReaderFileDecoder;
import io.spoolgate.vmspool.spool.SpoolFile;
import io.spoolgate.vmspool.spool.VmUserid;

/** Looks into the directory spool the way an administrator's tools do, with the project's own decoder. */
public final class Readers {

    private final DirectorySpoolBackend spool;

    public Readers(Path spoolRoot) {
        this.spool = new DirectorySpoolBackend(spoolRoot);
    }

    public List<SpoolFile> list(String userid) throws IOException {
        return spool.list(VmUserid.of(userid));
    }

    /** All reader files of all readers. */
    public List<SpoolFile> all() throws IOException {
        List<SpoolFile> files = new ArrayList<>();
        for (VmUserid owner : spool.readers()) {
            files.addAll(spool.list(owner));
        }
        return files;
    }

    public byte[] raw(SpoolFile file) throws IOException {
        try (InputStream in = spool.open(file)) {
            return in.readAllBytes();
        }
    }

    /** The message a reader file carries, decoded back to its original bytes. */
    public byte[] message(SpoolFile file) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (InputStream in = spool.open(file)) {
            ReaderFileDecoder.decodeMessage(file.format(), in, out);
        }
        return out.toByteArray();
    }

    /** Waits (bounded) until a reader holds a file matching {@code condition}. */
    public SpoolFile await(String userid, Predicate<SpoolFile> condition, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<SpoolFile> f = list(userid).stream().filter(condition).findFirst();
            if (f.isPresent()) {
                return f.get();
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no matching file arrived in " + userid + "'s reader within " + timeout
            + "; reader holds " + list(userid));
    }

    /** Waits (bounded) until all readers together hold at least {@code count} files. */
    public List<SpoolFile> awaitCount(int count, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<SpoolFile> files = all();
        while (files.size() < count && System.nanoTime() < deadline) {
            Thread.sleep(200);
            files = all();
        }
        return files;
    }
}
