package io.spoolgate.vmspool.spool;

import java.util.Locale;

/**
 * How the directory spool makes a punched reader file durable before the punch returns (the {@code durability} key of
 * a {@code vmspool://} repository). Either way a reader file only appears under its name once its data and attributes
 * are on disk, and the punch returns once the name is on disk too.
 */
public enum SpoolDurability {
    /** {@link #SYNCFS} where it works (Linux), else {@link #FSYNC}; the choice is logged once. */
    AUTO,
    /**
     * One {@code syncfs(2)} of the spool's file system covers every punch under way (group commit): two syncs a batch
     * instead of two file fsyncs a mail. Everything else written to that file system is flushed with it, so give the
     * spool a file system of its own when other heavy writers share it.
     */
    SYNCFS,
    /** Each file's data and attributes fsync'd on their own, the reader's folder fsync'd once for the punches under way. */
    FSYNC;

    /** @throws IllegalArgumentException naming the values when {@code text} is none of them */
    public static SpoolDurability parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("vmspool durability must be auto, syncfs or fsync, not '" + text.trim() + "'");
        }
    }
}
