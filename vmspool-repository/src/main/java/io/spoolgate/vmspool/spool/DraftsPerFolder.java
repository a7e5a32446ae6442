package io.spoolgate.vmspool.spool;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Anonymous drafts where the folder's file system makes them, named drafts where it does not. The spool root's file
 * system is tried once ({@link AnonymousDraft#maker}); a reader folder may still sit on another one (a bind mount, an
 * NFS export for one user) that refuses {@code O_TMPFILE}. Such a folder is then written with {@link NamedDraft}s from
 * its first punch on, with one warning, instead of failing every punch into it.
 */
final class DraftsPerFolder implements DataDraft.Maker {

    private static final Logger LOGGER = LoggerFactory.getLogger(DraftsPerFolder.class);

    private final DataDraft.Maker anonymous;
    private final DataDraft.Maker named;
    private final Set<Path> namedFolders = ConcurrentHashMap.newKeySet();

    /**
     * @param anonymous makes anonymous drafts; throws {@link AnonymousDraft.Unsupported} for a folder whose file system
     *                  does not make them
     * @param named     makes named drafts
     */
    DraftsPerFolder(DataDraft.Maker anonymous, DataDraft.Maker named) {
        this.anonymous = anonymous;
        this.named = named;
    }

    @Override
    public DataDraft create(Path folder) throws IOException {
        if (namedFolders.contains(folder)) {
            return named.create(folder);
        }
        try {
            return anonymous.create(folder);
        } catch (AnonymousDraft.Unsupported e) {
            if (namedFolders.add(folder)) {
                LOGGER.warn("Reader folder {}: {}; its reader files are written under a temporary name and renamed "
                    + "when complete", folder, e.getMessage());
            }
            return named.create(folder);
        }
    }
}
