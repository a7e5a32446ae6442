package io.spoolgate.vmspool.spool;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/**
 * The data of a reader file while it is written: a file without its final name, which {@link #publish} gives it in one
 * step once the data is complete (and durable), so that nobody ever sees the name with part of the data. Closing an
 * unpublished draft discards it.
 */
interface DataDraft extends AutoCloseable {

    /** Where the data is written. */
    FileChannel channel();

    /**
     * Gives the data its name. The caller has reserved the name (the spool does so with the file's attributes, see
     * {@link DirectorySpoolBackend}); should it be taken all the same, a {@link NamedDraft} replaces it and an
     * {@link AnonymousDraft} fails with {@link java.nio.file.FileAlreadyExistsException}.
     */
    void publish(Path name) throws IOException;

    /** Closes the draft; one that was not published is gone afterwards. */
    @Override
    void close() throws IOException;

    /** Makes the drafts of one spool. */
    @FunctionalInterface
    interface Maker {
        /** A new draft in {@code folder}, which is created if it is missing. */
        DataDraft create(Path folder) throws IOException;
    }
}
