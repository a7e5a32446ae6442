package io.spoolgate.vmspool.spool;

import java.io.IOException;
import java.nio.file.Path;

import jnr.constants.platform.Errno;
import jnr.ffi.LibraryLoader;
import jnr.ffi.Platform;
import jnr.ffi.annotations.SaveError;

/**
 * Linux {@code syncfs(2)} on the file system that holds a folder: every file written there so far, its data, its
 * inode and its folder entries, is on disk when {@link #run()} returns, in one pass and one device cache flush,
 * instead of one {@code fsync} per file (each a write of its data, of its inode and a flush). Write errors of the file
 * system since the last call are reported (Linux 5.8 and later).
 *
 * <p>C is reached through jnr-ffi, which stock James 3.8.1 ships (the Cassandra driver's jnr-posix brings it) with
 * native stubs for x86-64, AArch64 and s390x Linux.</p>
 */
final class FilesystemSync implements GroupSync.Fsync {

    /** The C library calls used; jnr-ffi binds them by name. */
    public interface LibC {
        @SaveError
        int open(String path, int flags);

        @SaveError
        int syncfs(int fd);

        int close(int fd);
    }

    private static final int O_RDONLY = 0;

    private final LibC libc;
    private final jnr.ffi.Runtime runtime;
    private final Path folder;

    private FilesystemSync(LibC libc, Path folder) {
        this.libc = libc;
        this.runtime = jnr.ffi.Runtime.getRuntime(libc);
        this.folder = folder;
    }

    /**
     * The sync of {@code folder}'s file system, tried once.
     *
     * @throws IOException saying why {@code syncfs(2)} cannot be used here (not Linux, the C library or jnr-ffi not
     *                     loadable, the call failing on this folder)
     */
    static FilesystemSync of(Path folder) throws IOException {
        LibC libc;
        try {
            if (Platform.getNativePlatform().getOS() != Platform.OS.LINUX) {
                throw new IOException("syncfs(2) is Linux only; this is " + Platform.getNativePlatform().getOS());
            }
            libc = LibraryLoader.create(LibC.class).load(Platform.getNativePlatform().getStandardCLibraryName());
        } catch (LinkageError | RuntimeException e) {
            throw new IOException("the C library cannot be reached through jnr-ffi: " + e, e);
        }
        FilesystemSync sync = new FilesystemSync(libc, folder);
        try {
            sync.run();
        } catch (LinkageError | RuntimeException e) {
            throw new IOException("syncfs(2) cannot be called: " + e, e);
        }
        return sync;
    }

    /** Makes everything written to the file system so far durable. */
    @Override
    public void run() throws IOException {
        int fd = libc.open(folder.toString(), O_RDONLY);
        if (fd < 0) {
            throw new IOException("cannot open " + folder + " for syncfs: " + errno());
        }
        try {
            if (libc.syncfs(fd) != 0) {
                throw new IOException("syncfs of the file system of " + folder + " failed: " + errno());
            }
        } finally {
            libc.close(fd);
        }
    }

    private String errno() {
        return describe(runtime.getLastError());
    }

    /** An errno as its name and text, e.g. {@code ENOSPC (No space left on device)}. */
    static String describe(int errno) {
        Errno known = Errno.valueOf(errno);
        return known == null || known == Errno.__UNKNOWN_CONSTANT__ ? "errno " + errno
            : known.name() + " (" + known.description() + ")";
    }
}
