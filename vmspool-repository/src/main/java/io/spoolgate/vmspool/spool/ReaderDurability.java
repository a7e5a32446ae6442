package io.spoolgate.vmspool.spool;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The durability steps of a punch into the directory spool, in the order the punch takes them:
 * {@link #written} after each file's bytes, {@link #contentDurable} before the data file gets its name,
 * {@link #namesDurable} after a name was added or removed.
 */
interface ReaderDurability {

    /** Called with each file of a punch once its bytes are written, before it is closed. */
    void written(FileChannel file) throws IOException;

    /** Returns once every file {@link #written} by this thread so far is on disk. */
    void contentDurable() throws IOException;

    /** Returns once the entries of {@code folder} as they are now are on disk. */
    void namesDurable(Path folder) throws IOException;

    /** Returns once the entries of every one of {@code folders} as they are now are on disk. */
    default void namesDurable(Collection<Path> folders) throws IOException {
        for (Path folder : folders) {
            namesDurable(folder);
        }
    }

    /** Each file fsync'd; folders fsync'd with group commit, one {@link GroupSync} per folder. */
    static ReaderDurability fileByFile() {
        Map<Path, GroupSync> folders = new ConcurrentHashMap<>();
        return new ReaderDurability() {
            @Override
            public void written(FileChannel file) throws IOException {
                file.force(true);
            }

            @Override
            public void contentDurable() {
                // each file was fsync'd as it was written
            }

            @Override
            public void namesDurable(Path folder) throws IOException {
                folders.computeIfAbsent(folder, GroupSync::new).sync();
            }
        };
    }

    /** One group-committed sync of the whole file system (syncfs) for contents and names alike. */
    static ReaderDurability wholeFilesystem(GroupSync.Fsync syncfs) {
        GroupSync group = new GroupSync(syncfs);
        return new ReaderDurability() {
            @Override
            public void written(FileChannel file) {
                // made durable by the next sync of the file system
            }

            @Override
            public void contentDurable() throws IOException {
                group.sync();
            }

            @Override
            public void namesDurable(Path folder) throws IOException {
                group.sync();
            }

            @Override
            public void namesDurable(Collection<Path> folders) throws IOException {
                group.sync(); // one sync of the file system covers every folder
            }
        };
    }
}
