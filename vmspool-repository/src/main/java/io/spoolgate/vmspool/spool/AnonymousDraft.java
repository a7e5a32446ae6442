package io.spoolgate.vmspool.spool;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import jnr.constants.platform.Errno;
import jnr.constants.platform.OpenFlags;
import jnr.ffi.LibraryLoader;
import jnr.ffi.Platform;
import jnr.ffi.annotations.SaveError;

/**
 * A draft without any name: Linux {@code open(2)} with {@code O_TMPFILE} makes a file in the folder that no folder
 * entry points to, and {@code linkat(2)} gives it its name once it is complete. Against {@link NamedDraft} a punch saves
 * a folder entry that is made and removed again (the rename) and the metadata writes that go with it, and a crash
 * leaves nothing behind: the file system frees a file that never got a name.
 *
 * <p>The data is written through a {@link FileChannel} on {@code /proc/self/fd/N} (a second open file description of
 * the same file), so writing, {@code fsync} and the errors are Java's own. C is reached through jnr-ffi, as for
 * {@link FilesystemSync}. {@link #maker(Path)} tries all of it once, so that a spool on a file system without
 * {@code O_TMPFILE} (NFS, older kernels), without {@code /proc}, or off Linux uses named drafts instead.</p>
 */
final class AnonymousDraft implements DataDraft {

    /** The C library calls used; jnr-ffi binds them by name. */
    public interface LibC {
        @SaveError
        int open(String path, int flags, int mode);

        @SaveError
        int linkat(int oldDirFd, String oldPath, int newDirFd, String newPath, int flags);

        int close(int fd);
    }

    private static final int AT_FDCWD = -100;
    private static final int AT_SYMLINK_FOLLOW = 0x400;
    private static final int MODE = 0666; // less the umask, as for any new file

    private final Native c;
    private final int fd;
    private final FileChannel channel;
    private boolean closed;

    private AnonymousDraft(Native c, int fd, FileChannel channel) {
        this.c = c;
        this.fd = fd;
        this.channel = channel;
    }

    /**
     * The maker of anonymous drafts in the folders under {@code root}, after one draft made, written and published in
     * {@code root} (and removed) as a trial.
     *
     * @throws IOException saying why they cannot be used there
     */
    static DataDraft.Maker maker(Path root) throws IOException {
        Native c = Native.load();
        Files.createDirectories(root);
        Path trial = root.resolve(".tmp-o_tmpfile-trial-" + ProcessHandle.current().pid());
        Files.deleteIfExists(trial);
        try (AnonymousDraft draft = create(c, root)) {
            draft.channel().write(java.nio.ByteBuffer.wrap(new byte[] {1}));
            draft.publish(trial);
        } finally {
            Files.deleteIfExists(trial);
        }
        return folder -> create(c, folder);
    }

    private static AnonymousDraft create(Native c, Path folder) throws IOException {
        int fd = c.openAnonymous(folder);
        if (fd < 0 && c.lastErrno() == Errno.ENOENT.intValue()) {
            Files.createDirectories(folder);
            fd = c.openAnonymous(folder);
        }
        if (fd < 0) {
            int errno = c.lastErrno();
            String message = "cannot make a file in " + folder + " (open O_TMPFILE): " + c.describeLastError();
            // EOPNOTSUPP: the folder's file system does not make them; EISDIR: the kernel knows no O_TMPFILE
            if (errno == Errno.EOPNOTSUPP.intValue() || errno == Errno.EISDIR.intValue()) {
                throw new Unsupported(message);
            }
            throw new IOException(message);
        }
        try {
            return new AnonymousDraft(c, fd, FileChannel.open(Path.of("/proc/self/fd/" + fd), StandardOpenOption.WRITE));
        } catch (IOException | RuntimeException e) {
            c.libc.close(fd);
            throw e;
        }
    }

    @Override
    public FileChannel channel() {
        return channel;
    }

    @Override
    public void publish(Path name) throws IOException {
        channel.close();
        if (c.libc.linkat(AT_FDCWD, "/proc/self/fd/" + fd, AT_FDCWD, name.toString(), AT_SYMLINK_FOLLOW) != 0) {
            if (c.lastErrno() == Errno.EEXIST.intValue()) {
                throw new FileAlreadyExistsException(name.toString());
            }
            throw new IOException("cannot name " + name + " (linkat): " + c.describeLastError());
        }
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            channel.close();
        } finally {
            c.libc.close(fd);
        }
    }

    /** The folder's file system (or the kernel) does not make files without a name. */
    static final class Unsupported extends IOException {
        private static final long serialVersionUID = 1L;

        Unsupported(String message) {
            super(message);
        }
    }

    /** The C library, loaded once per maker. */
    private static final class Native {
        final LibC libc;
        final jnr.ffi.Runtime runtime;
        final int flags;

        private Native(LibC libc, int flags) {
            this.libc = libc;
            this.runtime = jnr.ffi.Runtime.getRuntime(libc);
            this.flags = flags;
        }

        static Native load() throws IOException {
            try {
                if (Platform.getNativePlatform().getOS() != Platform.OS.LINUX) {
                    throw new IOException("O_TMPFILE is Linux only; this is " + Platform.getNativePlatform().getOS());
                }
                if (!OpenFlags.O_TMPFILE.defined()) {
                    throw new IOException("jnr-constants does not know O_TMPFILE on this platform");
                }
                LibC libc = LibraryLoader.create(LibC.class).load(Platform.getNativePlatform().getStandardCLibraryName());
                int flags = OpenFlags.O_TMPFILE.intValue() | OpenFlags.O_WRONLY.intValue()
                    | (OpenFlags.O_CLOEXEC.defined() ? OpenFlags.O_CLOEXEC.intValue() : 0);
                return new Native(libc, flags);
            } catch (LinkageError | RuntimeException e) {
                throw new IOException("the C library cannot be reached through jnr-ffi: " + e, e);
            }
        }

        int openAnonymous(Path folder) {
            return libc.open(folder.toString(), flags, MODE);
        }

        int lastErrno() {
            return runtime.getLastError();
        }

        String describeLastError() {
            return FilesystemSync.describe(lastErrno());
        }
    }
}
