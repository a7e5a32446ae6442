package io.spoolgate.vmspool.spool;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Readers as folders: one folder per VM userid under a spool root, each reader file a pair
 * {@code NNNN.rdr} (the spool data: 80-byte card images) and {@code NNNN.attrs} (its attributes, see
 * {@link SpoolFileAttributesCodec}).
 *
 * <p>Writing is crash-safe: the data is written as a {@link DataDraft} — on Linux a file without a name
 * ({@code O_TMPFILE}, {@link AnonymousDraft}), elsewhere, and in a reader folder whose file system refuses
 * {@code O_TMPFILE} ({@link DraftsPerFolder}), a {@code .tmp-*} file ({@link NamedDraft}) — the attributes to
 * their final name, created exclusively (which also reserves the spool id against another process); both are made
 * durable, then the data gets its name in one step ({@code linkat(2)} or a rename) and the name is made durable before
 * the punch returns (or, for a caller that waits for it before it forgets the mail, by a {@link NameSyncer} in the
 * background). How ({@link SpoolDurability}): with
 * {@code syncfs} one group-committed {@code syncfs(2)} of the file system stands for all of it, covering every punch
 * under way; with {@code fsync} each file is fsync'd and the folder gets a group-committed fsync ({@link GroupSync}).
 * A file exists once its {@code .rdr} exists; an {@code .attrs} without data (a crash in between, or a punch still
 * writing) is ignored, and cleaned up once stale. Spool ids are unique across all readers of one process, from 1 to 9999, wrapping and
 * skipping ids in use; only when all 9999 are taken do ids go past 9999.</p>
 */
public final class DirectorySpoolBackend implements SpoolBackend {

    private static final Logger LOGGER = LoggerFactory.getLogger(DirectorySpoolBackend.class);
    static final String DATA_SUFFIX = ".rdr";
    static final String ATTRS_SUFFIX = ".attrs";
    private static final String TMP_PREFIX = NamedDraft.PREFIX;
    private static final int MAX_SPOOL_ID = 9999;
    private static final Duration STALE_TMP = Duration.ofMinutes(10);

    private final Path root;
    private final Clock clock;
    private final Object idLock = new Object();
    private final Set<Integer> idsInUse = ConcurrentHashMap.newKeySet();
    private final Map<VmUserid, Map<String, Integer>> mailKeyIndex = new ConcurrentHashMap<>();
    private final SpoolDurability durabilityMode;
    private volatile ReaderDurability durability;
    private volatile DataDraft.Maker drafts;
    /* guarded by idLock: the last id handed out in 1..9999, how many of those are in use, the lowest free id past 9999 */
    private int lastId;
    private int inRangeInUse;
    private int beyond = MAX_SPOOL_ID + 1;
    private volatile boolean scanned;

    /** A spool with {@link SpoolDurability#AUTO} durability. */
    public DirectorySpoolBackend(Path root) {
        this(root, Clock.systemUTC());
    }

    /** A spool with {@link SpoolDurability#AUTO} durability. */
    public DirectorySpoolBackend(Path root, Clock clock) {
        this(root, clock, SpoolDurability.AUTO);
    }

    /** @param durabilityMode how punches are made durable; resolved at the first punch or purge */
    public DirectorySpoolBackend(Path root, Clock clock, SpoolDurability durabilityMode) {
        this.root = root;
        this.clock = clock;
        this.durabilityMode = durabilityMode;
    }

    /** A spool with the given durability steps (tests); there is no mode to resolve. */
    DirectorySpoolBackend(Path root, Clock clock, ReaderDurability durability) {
        this(root, clock, SpoolDurability.AUTO);
        this.durability = durability;
    }

    /** A spool with the given durability steps and drafts (tests). */
    DirectorySpoolBackend(Path root, Clock clock, ReaderDurability durability, DataDraft.Maker drafts) {
        this(root, clock, durability);
        this.drafts = drafts;
    }

    public Path root() {
        return root;
    }

    /** The folder holding {@code owner}'s reader. */
    public Path readerDirectory(VmUserid owner) {
        return root.resolve(owner.value());
    }

    @Override
    public SpoolFile punch(PunchRequest request, SpoolFileContent content) throws IOException {
        return punch(request, content, null);
    }

    /**
     * With {@code names} the punch returns once the file is complete and named, its name registered with {@code names}
     * to be made durable in the background; without (null), once the name is durable too.
     */
    @Override
    public SpoolFile punch(PunchRequest request, SpoolFileContent content, NameSyncer names) throws IOException {
        scanOnce();
        Path dir = readerDirectory(request.owner());
        ReaderDurability durable = durability();
        try (DataDraft draft = drafts().create(dir)) {
            long records;
            long bytes;
            FileChannel ch = draft.channel();
            OutputStream out = new java.io.BufferedOutputStream(Channels.newOutputStream(ch), 64 * 1024);
            records = content.writeTo(out);
            out.flush();
            durable.written(ch);
            bytes = ch.size();
            SpoolFile file = null;
            int attempts = 0;
            while (file == null) {
                int id = nextSpoolId();
                SpoolFile candidate = new SpoolFile(request.owner(), id, request.spoolClass(), request.fileName(),
                    request.fileType(), request.originUserid(), request.originNode(), request.format(), records, bytes,
                    clock.instant(), request.mailKey(), request.sender(), request.recipients());
                Path attrs = attrsPath(request.owner(), id);
                try {
                    writeAttrs(candidate, attrs, durable); // CREATE_NEW: the name reserves the id against other processes
                    file = candidate;
                } catch (FileAlreadyExistsException taken) {
                    // another process punched with this id (it stays reserved): try the next one
                    if (++attempts > MAX_SPOOL_ID) {
                        throw new IOException("no free spool id in " + dir);
                    }
                } catch (IOException | RuntimeException e) {
                    Files.deleteIfExists(attrs);
                    release(id);
                    throw e;
                }
            }
            try {
                durable.contentDurable();
                draft.publish(dataPath(request.owner(), file.spoolId()));
            } catch (IOException | RuntimeException e) {
                Files.deleteIfExists(attrsPath(request.owner(), file.spoolId()));
                release(file.spoolId());
                throw e;
            }
            if (names == null) {
                durable.namesDurable(dir);
            } else {
                names.linked(durable, dir);
            }
            mailKeyIndex(request.owner()).put(request.mailKey(), file.spoolId());
            return file;
        }
    }

    @Override
    public Optional<SpoolFile> findByMailKey(VmUserid owner, String mailKey) throws IOException {
        scanOnce();
        Integer id = mailKeyIndex(owner).get(mailKey);
        if (id == null) {
            return Optional.empty();
        }
        Optional<SpoolFile> file = find(owner, id);
        if (file.isEmpty() || !file.get().mailKey().equals(mailKey)) {
            mailKeyIndex(owner).remove(mailKey, id);
            return Optional.empty();
        }
        return file;
    }

    @Override
    public List<VmUserid> readers() throws IOException {
        List<VmUserid> result = new ArrayList<>();
        if (!Files.isDirectory(root)) {
            return result;
        }
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(root, Files::isDirectory)) {
            for (Path d : dirs) {
                VmUserid.parse(d.getFileName().toString()).ifPresent(result::add);
            }
        }
        result.sort(null);
        return result;
    }

    @Override
    public List<SpoolFile> list(VmUserid owner) throws IOException {
        List<SpoolFile> result = new ArrayList<>();
        Path dir = readerDirectory(owner);
        if (!Files.isDirectory(dir)) {
            return result;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "[0-9]*" + DATA_SUFFIX)) {
            for (Path data : files) {
                spoolIdOf(data).flatMap(id -> readQuietly(owner, id)).ifPresent(result::add);
            }
        }
        result.sort((a, b) -> Integer.compare(a.spoolId(), b.spoolId()));
        return result;
    }

    @Override
    public Optional<SpoolFile> find(VmUserid owner, int spoolId) throws IOException {
        if (!Files.exists(dataPath(owner, spoolId))) {
            return Optional.empty();
        }
        try (InputStream in = Files.newInputStream(attrsPath(owner, spoolId))) {
            return Optional.of(SpoolFileAttributesCodec.read(owner, spoolId, in, attrsPath(owner, spoolId).toString()));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    /** Reads an attribute file kept elsewhere (e.g. beside a rejected file), for a reader file of {@code owner}. */
    public static SpoolFile readAttributes(VmUserid owner, int spoolId, Path attrs) throws IOException {
        try (InputStream in = Files.newInputStream(attrs)) {
            return SpoolFileAttributesCodec.read(owner, spoolId, in, attrs.toString());
        }
    }

    @Override
    public InputStream open(SpoolFile file) throws IOException {
        return Files.newInputStream(dataPath(file.owner(), file.spoolId()));
    }

    /** Where the data of a reader file lives (for tools that read it directly). */
    public Path dataPath(VmUserid owner, int spoolId) {
        return readerDirectory(owner).resolve(SpoolNames.spoolId(spoolId) + DATA_SUFFIX);
    }

    private Path attrsPath(VmUserid owner, int spoolId) {
        return readerDirectory(owner).resolve(SpoolNames.spoolId(spoolId) + ATTRS_SUFFIX);
    }

    @Override
    public boolean purge(VmUserid owner, int spoolId) throws IOException {
        boolean existed = Files.deleteIfExists(dataPath(owner, spoolId));
        Files.deleteIfExists(attrsPath(owner, spoolId));
        if (existed) {
            durability().namesDurable(readerDirectory(owner));
            release(spoolId);
        }
        return existed;
    }

    private Optional<SpoolFile> readQuietly(VmUserid owner, int id) {
        try {
            return find(owner, id);
        } catch (IOException e) {
            LOGGER.warn("Reader file {}-{} has unreadable attributes: {}", owner, id, e.getMessage());
            return Optional.empty();
        }
    }

    private Map<String, Integer> mailKeyIndex(VmUserid owner) throws IOException {
        Map<String, Integer> index = mailKeyIndex.get(owner);
        if (index != null) {
            return index;
        }
        Map<String, Integer> loaded = new HashMap<>();
        for (SpoolFile f : list(owner)) {
            loaded.put(f.mailKey(), f.spoolId());
        }
        Map<String, Integer> fresh = new ConcurrentHashMap<>(loaded);
        Map<String, Integer> raced = mailKeyIndex.putIfAbsent(owner, fresh);
        return raced == null ? fresh : raced;
    }

    /**
     * The next free spool id: 1..9999 round robin like z/VM; when all of them are taken (a folder is not a real spool,
     * nobody may be reading it) count on past 9999 rather than refuse mail. Constant time per call in both cases.
     */
    private int nextSpoolId() {
        synchronized (idLock) {
            if (inRangeInUse < MAX_SPOOL_ID) {
                for (int i = 0; i < MAX_SPOOL_ID; i++) {
                    lastId = lastId >= MAX_SPOOL_ID ? 1 : lastId + 1;
                    if (idsInUse.add(lastId)) {
                        inRangeInUse++;
                        return lastId;
                    }
                }
            }
            while (!idsInUse.add(beyond)) {
                beyond++;
            }
            return beyond++;
        }
    }

    private void reserve(int id) {
        synchronized (idLock) {
            if (idsInUse.add(id) && id <= MAX_SPOOL_ID) {
                inRangeInUse++;
            }
        }
    }

    private void release(int id) {
        synchronized (idLock) {
            if (idsInUse.remove(id)) {
                if (id <= MAX_SPOOL_ID) {
                    inRangeInUse--;
                } else if (id < beyond) {
                    beyond = id;
                }
            }
        }
    }

    /** Learns the spool ids in use and cleans up what a crash left behind, once per process. */
    private void scanOnce() throws IOException {
        if (scanned) {
            return;
        }
        synchronized (idLock) {
            if (scanned) {
                return;
            }
            Instant staleBefore = clock.instant().minus(STALE_TMP);
            int max = 0;
            for (VmUserid owner : readers()) {
                try (DirectoryStream<Path> files = Files.newDirectoryStream(readerDirectory(owner))) {
                    for (Path p : files) {
                        String name = p.getFileName().toString();
                        if (name.startsWith(TMP_PREFIX)) {
                            if (Files.getLastModifiedTime(p).toInstant().isBefore(staleBefore)) {
                                LOGGER.info("Removing unfinished spool write {}", p);
                                Files.deleteIfExists(p);
                            }
                            continue;
                        }
                        Optional<Integer> id = spoolIdOf(p);
                        if (id.isEmpty()) {
                            continue;
                        }
                        if (name.endsWith(ATTRS_SUFFIX) && !Files.exists(dataPath(owner, id.get()))) {
                            if (Files.getLastModifiedTime(p).toInstant().isBefore(staleBefore)) {
                                LOGGER.info("Removing attributes of an unfinished punch {}", p);
                                Files.deleteIfExists(p);
                            }
                            continue;
                        }
                        reserve(id.get());
                        if (id.get() <= MAX_SPOOL_ID) {
                            max = Math.max(max, id.get());
                        }
                    }
                }
            }
            lastId = max >= MAX_SPOOL_ID ? 0 : max;
            scanned = true;
        }
    }

    private static Optional<Integer> spoolIdOf(Path p) {
        String name = p.getFileName().toString();
        int dot = name.indexOf('.');
        if (dot <= 0) {
            return Optional.empty();
        }
        try {
            return Optional.of(Integer.parseInt(name.substring(0, dot)));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static void writeAttrs(SpoolFile file, Path target, ReaderDurability durable) throws IOException {
        try (FileChannel ch = FileChannel.open(target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            SpoolFileAttributesCodec.write(file, Channels.newOutputStream(ch));
            durable.written(ch);
        }
    }

    /** The durability steps, {@link SpoolDurability#AUTO} resolved once (it needs the spool root to exist). */
    private ReaderDurability durability() throws IOException {
        ReaderDurability resolved = durability;
        if (resolved != null) {
            return resolved;
        }
        synchronized (idLock) {
            if (durability == null) {
                durability = resolve();
            }
            return durability;
        }
    }

    /** How the data is written before it gets its name: without a name where the system allows, else a temporary one. */
    private DataDraft.Maker drafts() throws IOException {
        DataDraft.Maker resolved = drafts;
        if (resolved != null) {
            return resolved;
        }
        synchronized (idLock) {
            if (drafts == null) {
                try {
                    drafts = new DraftsPerFolder(AnonymousDraft.maker(root), DirectorySpoolBackend::namedDraft);
                    LOGGER.info("Reader spool {}: reader files are written without a name (O_TMPFILE) and named when "
                        + "complete", root);
                } catch (IOException e) {
                    LOGGER.info("Reader spool {}: reader files are written under a temporary name and renamed when "
                        + "complete ({})", root, e.getMessage());
                    drafts = DirectorySpoolBackend::namedDraft;
                }
            }
            return drafts;
        }
    }

    private static DataDraft namedDraft(Path folder) throws IOException {
        return NamedDraft.create(folder, DATA_SUFFIX);
    }

    private ReaderDurability resolve() throws IOException {
        if (durabilityMode == SpoolDurability.FSYNC) {
            LOGGER.info("Reader spool {}: each reader file fsync'd", root);
            return ReaderDurability.fileByFile();
        }
        Files.createDirectories(root);
        try {
            ReaderDurability syncfs = ReaderDurability.wholeFilesystem(FilesystemSync.of(root));
            LOGGER.info("Reader spool {}: reader files made durable by group-committed syncfs(2) of its file system", root);
            return syncfs;
        } catch (IOException e) {
            if (durabilityMode == SpoolDurability.SYNCFS) {
                throw new IOException("reader spool " + root + ": durability syncfs was asked for, but " + e.getMessage(), e);
            }
            LOGGER.warn("Reader spool {}: syncfs(2) cannot be used ({}); each reader file is fsync'd instead", root,
                e.getMessage());
            return ReaderDurability.fileByFile();
        }
    }
}
