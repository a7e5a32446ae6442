package io.spoolgate.queue.journal;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.zip.CRC32C;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The append-only journal of one mail queue: numbered segment files ({@code 0000000000000001.journal}, …) in the
 * queue's directory, each a sequence of {@link JournalRecord}s.
 *
 * <p><b>Durability with group commit.</b> {@link #append} writes a whole mail as one record and returns once the
 * record is on disk. Appenders that arrive while an {@code fsync} is running wait for the next one, which covers all
 * of them: with N clients sending at once, one {@code fsync} makes N mails durable (Postfix and Exim fsync each queue
 * file on its own). {@link #appendDone} records that a mail left the queue without waiting for the disk: a DONE lost in
 * a power cut means the mail is offered again, and its delivery is idempotent (the reader spool knows the mail's key).</p>
 *
 * <p><b>Segments.</b> The journal rolls to a new segment at {@code segmentSize} bytes. The caller tells the journal when
 * a record is no longer needed ({@link #release}); segments are deleted oldest first once none of their ENQUEUE
 * records is live, so that a DONE record never outlives the segment that holds the ENQUEUE before it. A mail that
 * waits long (a delayed retry) is carried forward by the caller: {@link #oldestSealedSegment} tells which segment
 * holds back the deletion.</p>
 *
 * <p><b>Recovery.</b> {@link #open} reads every segment; a record that ends short or fails its CRC (a write torn by a
 * power cut) ends the segment: the bytes from there on are copied to {@code damaged/} for inspection, the segment is
 * cut there and the event is logged. Writing always starts in a new segment.</p>
 *
 * <p>Thread-safe. James-free: the records carry opaque envelope and message bytes.</p>
 */
public final class QueueJournal implements Closeable {

    private static final Logger LOGGER = LoggerFactory.getLogger(QueueJournal.class);
    private static final String SUFFIX = ".journal";

    private final Path directory;
    private final long segmentSize;
    private final FileChannel lockChannel;
    private final FileLock lock;

    private final ReentrantLock writeLock = new ReentrantLock();
    /** Segments by number; guarded by writeLock. */
    private final TreeMap<Long, Segment> segments = new TreeMap<>();
    private Segment current;
    private long writtenSeq;

    private final ReentrantLock syncLock = new ReentrantLock();
    private final Condition synced = syncLock.newCondition();
    private long durableSeq;
    private boolean syncing;

    private final AtomicLong nextId;
    private final AtomicLong fsyncs = new AtomicLong();
    private final AtomicLong appends = new AtomicLong();
    private volatile boolean closed;

    private QueueJournal(Path directory, long segmentSize, FileChannel lockChannel, FileLock lock, long firstId) {
        this.directory = directory;
        this.segmentSize = segmentSize;
        this.lockChannel = lockChannel;
        this.lock = lock;
        this.nextId = new AtomicLong(firstId);
    }

    /**
     * Opens (creating if needed) the journal in {@code directory}, locks it against a second process and recovers the
     * live mails, handed to {@code recovered} in the order of their records (a mail carried forward counts at its
     * newer record).
     */
    public static QueueJournal open(Path directory, long segmentSize, Consumer<RecoveredMail> recovered)
        throws IOException {
        Files.createDirectories(directory);
        FileChannel lockChannel = FileChannel.open(directory.resolve("queue.lock"), StandardOpenOption.CREATE,
            StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = lockChannel.tryLock();
        } catch (java.nio.channels.OverlappingFileLockException e) {
            lock = null;
        } catch (IOException e) {
            lockChannel.close();
            throw e;
        }
        if (lock == null) {
            lockChannel.close();
            throw new IOException("mail queue " + directory + " is in use by another James (queue.lock is held)");
        }
        List<Long> numbers = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, "*" + SUFFIX)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                try {
                    numbers.add(Long.parseLong(name.substring(0, name.length() - SUFFIX.length())));
                } catch (NumberFormatException e) {
                    LOGGER.warn("SGQ010W {} is not a journal segment name; left alone", file);
                }
            }
        }
        numbers.sort(Long::compare);
        Map<Long, RecoveredMail> live = new LinkedHashMap<>();
        long maxId = 0;
        QueueJournal journal = null;
        try {
            for (long number : numbers) {
                maxId = Math.max(maxId, recoverSegment(directory, number, live));
            }
            journal = new QueueJournal(directory, segmentSize, lockChannel, lock, maxId + 1);
            for (long number : numbers) {
                journal.segments.put(number, new Segment(number, journal.segmentPath(number), false));
            }
            for (RecoveredMail mail : live.values()) {
                journal.segments.get(mail.location().segment()).live++;
            }
            long next = numbers.isEmpty() ? 1 : numbers.get(numbers.size() - 1) + 1;
            journal.current = journal.newSegment(next);
            journal.deleteDrainedSegments();
        } catch (IOException | RuntimeException e) {
            if (journal != null) {
                journal.close();
            } else {
                lock.release();
                lockChannel.close();
            }
            throw e;
        }
        if (!live.isEmpty()) {
            LOGGER.info("SGQ001I mail queue {}: {} mails recovered from {} journal segments", directory.getFileName(),
                live.size(), numbers.size());
        }
        live.values().forEach(recovered);
        return journal;
    }

    /** Reads one segment into {@code live}; returns the highest id seen. */
    private static long recoverSegment(Path directory, long number, Map<Long, RecoveredMail> live) throws IOException {
        Path path = directory.resolve(segmentName(number));
        long maxId = 0;
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long size = channel.size();
            long position = 0;
            ByteBuffer header = ByteBuffer.allocate(JournalRecord.ENQUEUE_HEADER);
            String damage = null;
            while (position < size) {
                header.clear();
                if (size - position < 4 + 8) { // no record is shorter than its magic and id
                    damage = "a record cut short";
                    break;
                }
                header.limit(4);
                readFully(channel, header, position);
                int magic = header.getInt(0);
                if (magic == JournalRecord.DONE_MAGIC) {
                    if (size - position < JournalRecord.DONE_LENGTH) {
                        damage = "a DONE record cut short";
                        break;
                    }
                    ByteBuffer done = ByteBuffer.allocate(JournalRecord.DONE_LENGTH);
                    readFully(channel, done, position);
                    long id = done.getLong(4);
                    CRC32C crc = new CRC32C();
                    crc.update(done.array(), 4, 8);
                    if ((int) crc.getValue() != done.getInt(12)) {
                        damage = "a DONE record with a bad checksum";
                        break;
                    }
                    live.remove(id);
                    maxId = Math.max(maxId, id);
                    position += JournalRecord.DONE_LENGTH;
                } else if (magic == JournalRecord.ENQUEUE_MAGIC) {
                    if (size - position < JournalRecord.ENQUEUE_HEADER) {
                        damage = "an ENQUEUE record cut short";
                        break;
                    }
                    header.limit(JournalRecord.ENQUEUE_HEADER);
                    readFully(channel, header.position(0), position);
                    long id = header.getLong(4);
                    long notBefore = header.getLong(12);
                    int envelopeLength = header.getInt(20);
                    int messageLength = header.getInt(24);
                    if (envelopeLength < 0 || messageLength < 0
                        || position + JournalRecord.enqueueLength(envelopeLength, messageLength) > size) {
                        damage = "an ENQUEUE record cut short";
                        break;
                    }
                    if (!checksumMatches(channel, position, envelopeLength, messageLength)) {
                        damage = "an ENQUEUE record with a bad checksum";
                        break;
                    }
                    JournalLocation location = new JournalLocation(number, position, envelopeLength, messageLength);
                    live.remove(id);
                    live.put(id, new RecoveredMail(id, notBefore, location));
                    maxId = Math.max(maxId, id);
                    position += location.length();
                } else {
                    damage = "bytes that are not a record";
                    break;
                }
            }
            if (damage != null) {
                Path damaged = directory.resolve("damaged").resolve(segmentName(number) + "." + position);
                Files.createDirectories(damaged.getParent());
                try (FileChannel out = FileChannel.open(damaged, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                    channel.transferTo(position, size - position, out);
                    out.force(true);
                }
                channel.truncate(position);
                channel.force(true);
                LOGGER.error("SGQ011E mail queue journal {}: {} at offset {} ({} bytes to the end); those bytes are kept "
                    + "in {} and the segment is cut there", path, damage, position, size - position, damaged);
            }
        }
        return maxId;
    }

    private static boolean checksumMatches(FileChannel channel, long position, int envelopeLength, int messageLength)
        throws IOException {
        CRC32C crc = new CRC32C();
        long from = position + 4;
        long end = position + JournalRecord.ENQUEUE_HEADER + envelopeLength + messageLength;
        ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(256 * 1024, Math.max(64, end - from)));
        while (from < end) {
            buffer.clear().limit((int) Math.min(buffer.capacity(), end - from));
            readFully(channel, buffer, from);
            buffer.flip();
            from += buffer.remaining();
            crc.update(buffer);
        }
        ByteBuffer stored = ByteBuffer.allocate(4);
        readFully(channel, stored, end);
        return (int) crc.getValue() == stored.getInt(0);
    }

    private static void readFully(FileChannel channel, ByteBuffer buffer, long position) throws IOException {
        long at = position;
        while (buffer.hasRemaining()) {
            int read = channel.read(buffer, at);
            if (read < 0) {
                throw new IOException("unexpected end of journal segment at " + at);
            }
            at += read;
        }
    }

    private static String segmentName(long number) {
        return String.format("%016d%s", number, SUFFIX);
    }

    private Path segmentPath(long number) {
        return directory.resolve(segmentName(number));
    }

    public Path directory() {
        return directory;
    }

    /** A fresh id for a new mail. */
    public long newId() {
        return nextId.getAndIncrement();
    }

    /**
     * Appends a mail and returns once it is durable. The envelope and message buffers are read from their position to
     * their limit and not changed.
     */
    public JournalLocation append(long id, long notBefore, ByteBuffer envelope, ByteBuffer message) throws IOException {
        ByteBuffer header = JournalRecord.enqueueHeader(id, notBefore, envelope.remaining(), message.remaining());
        ByteBuffer trailer = JournalRecord.enqueueTrailer(header, envelope, message);
        ByteBuffer[] parts = {header, envelope.duplicate(), message.duplicate(), trailer};
        long length = JournalRecord.enqueueLength(envelope.remaining(), message.remaining());
        long seq;
        JournalLocation location;
        writeLock.lock();
        try {
            ensureOpen();
            rollIfFull(length);
            long offset = current.write(parts, length);
            current.live++;
            location = new JournalLocation(current.number, offset, envelope.remaining(), message.remaining());
            seq = ++writtenSeq;
        } finally {
            writeLock.unlock();
        }
        appends.incrementAndGet();
        awaitDurable(seq);
        return location;
    }

    /** Records that mail {@code id} left the queue. Does not wait for the disk (see the class comment). */
    public void appendDone(long id) throws IOException {
        ByteBuffer[] parts = {JournalRecord.done(id)};
        writeLock.lock();
        try {
            ensureOpen();
            rollIfFull(JournalRecord.DONE_LENGTH);
            current.write(parts, JournalRecord.DONE_LENGTH);
            writtenSeq++;
        } finally {
            writeLock.unlock();
        }
    }

    /** The record at {@code location} is no longer needed (its mail is done or was carried forward). */
    public void release(JournalLocation location) {
        writeLock.lock();
        try {
            Segment segment = segments.get(location.segment());
            if (segment != null) {
                segment.live--;
            }
        } finally {
            writeLock.unlock();
        }
    }

    /** Deletes the oldest segments that hold no live mail; returns how many went. */
    public int deleteDrainedSegments() {
        int deleted = 0;
        writeLock.lock();
        try {
            while (!segments.isEmpty()) {
                Segment oldest = segments.firstEntry().getValue();
                if (oldest == current || oldest.live > 0) {
                    break;
                }
                segments.pollFirstEntry();
                oldest.closeQuietly();
                try {
                    Files.deleteIfExists(oldest.path);
                    deleted++;
                } catch (IOException e) {
                    LOGGER.warn("SGQ012W cannot delete drained journal segment {}: {}", oldest.path, e.toString());
                }
            }
        } finally {
            writeLock.unlock();
        }
        return deleted;
    }

    /**
     * The oldest segment when it holds live mails and is no longer written to — the one that keeps the journal from
     * shrinking; empty when there is none.
     */
    public Optional<Long> oldestSealedSegment() {
        writeLock.lock();
        try {
            if (segments.isEmpty()) {
                return Optional.empty();
            }
            Segment oldest = segments.firstEntry().getValue();
            return oldest == current || oldest.live == 0 ? Optional.empty() : Optional.of(oldest.number);
        } finally {
            writeLock.unlock();
        }
    }

    /** Number of segment files, the current one included. */
    public int segmentCount() {
        writeLock.lock();
        try {
            return segments.size();
        } finally {
            writeLock.unlock();
        }
    }

    /** Appends and fsyncs so far (for the benchmark and the health line). */
    public long appends() {
        return appends.get();
    }

    public long fsyncs() {
        return fsyncs.get();
    }

    /** The envelope bytes of a record. */
    public byte[] readEnvelope(JournalLocation location) throws IOException {
        byte[] envelope = new byte[location.envelopeLength()];
        readFully(channelFor(location), ByteBuffer.wrap(envelope), location.envelopeOffset());
        return envelope;
    }

    /**
     * The envelope and message of a record read in one go, checked against the record's id and checksum; for mails
     * small enough to hold in memory.
     */
    public byte[][] readWhole(JournalLocation location, long expectedId) throws IOException {
        FileChannel channel = channelFor(location);
        int total = (int) location.length();
        ByteBuffer record = ByteBuffer.allocate(total);
        readFully(channel, record, location.offset());
        byte[] bytes = record.array();
        if (record.getInt(0) != JournalRecord.ENQUEUE_MAGIC || record.getLong(4) != expectedId) {
            throw new IOException("journal record at " + location + " is not mail " + expectedId);
        }
        CRC32C crc = new CRC32C();
        crc.update(bytes, 4, total - 8);
        if ((int) crc.getValue() != record.getInt(total - 4)) {
            throw new IOException("journal record at " + location + " fails its checksum");
        }
        byte[] envelope = new byte[location.envelopeLength()];
        System.arraycopy(bytes, JournalRecord.ENQUEUE_HEADER, envelope, 0, envelope.length);
        byte[] message = new byte[location.messageLength()];
        System.arraycopy(bytes, JournalRecord.ENQUEUE_HEADER + envelope.length, message, 0, message.length);
        return new byte[][] {envelope, message};
    }

    /** A stream over the message bytes of a record (large mails, read on demand). */
    public InputStream openMessage(JournalLocation location) throws IOException {
        FileChannel channel = FileChannel.open(segmentPath(location.segment()), StandardOpenOption.READ);
        channel.position(location.messageOffset());
        InputStream whole = Channels.newInputStream(channel);
        return new java.io.FilterInputStream(whole) {
            private long left = location.messageLength();

            @Override
            public int read() throws IOException {
                if (left <= 0) {
                    return -1;
                }
                int b = super.read();
                if (b >= 0) {
                    left--;
                }
                return b;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (left <= 0) {
                    return -1;
                }
                int n = super.read(b, off, (int) Math.min(len, left));
                if (n > 0) {
                    left -= n;
                }
                return n;
            }

            @Override
            public long skip(long n) throws IOException {
                long skipped = super.skip(Math.min(n, left));
                left -= skipped;
                return skipped;
            }

            @Override
            public int available() {
                return (int) Math.min(Integer.MAX_VALUE, left);
            }
        };
    }

    /** The raw bytes of a record, for keeping a mail that cannot be read back. */
    public void copyRecord(JournalLocation location, Path target) throws IOException {
        FileChannel channel = channelFor(location);
        Files.createDirectories(target.getParent());
        try (FileChannel out = FileChannel.open(target, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING)) {
            long at = location.offset();
            long end = at + location.length();
            while (at < end) {
                at += channel.transferTo(at, end - at, out);
            }
            out.force(true);
        }
    }

    private FileChannel channelFor(JournalLocation location) throws IOException {
        Segment segment;
        writeLock.lock();
        try {
            segment = segments.get(location.segment());
        } finally {
            writeLock.unlock();
        }
        if (segment == null) {
            throw new IOException("journal segment " + location.segment() + " of " + directory + " is gone");
        }
        return segment.channel();
    }

    private void rollIfFull(long nextRecord) throws IOException {
        if (current.broken || (current.size > 0 && current.size + nextRecord > segmentSize)) {
            Segment old = current;
            old.channel().force(false);
            fsyncs.incrementAndGet();
            current = newSegment(old.number + 1);
        }
    }

    private Segment newSegment(long number) throws IOException {
        Segment segment = new Segment(number, segmentPath(number), true);
        segments.put(number, segment);
        try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
            dir.force(true);
        }
        return segment;
    }

    private void awaitDurable(long seq) throws IOException {
        syncLock.lock();
        try {
            while (durableSeq < seq) {
                if (syncing) {
                    synced.awaitUninterruptibly();
                    continue;
                }
                syncing = true;
                long target = 0;
                Segment segment;
                syncLock.unlock();
                boolean done = false;
                try {
                    writeLock.lock();
                    try {
                        target = writtenSeq;
                        segment = current;
                    } finally {
                        writeLock.unlock();
                    }
                    segment.channel().force(false);
                    fsyncs.incrementAndGet();
                    done = true;
                } finally {
                    syncLock.lock();
                    syncing = false;
                    if (done) {
                        durableSeq = Math.max(durableSeq, target);
                    }
                    synced.signalAll();
                }
            }
        } finally {
            syncLock.unlock();
        }
    }

    private void ensureOpen() throws IOException {
        if (closed) {
            throw new IOException("mail queue journal " + directory + " is closed");
        }
    }

    @Override
    public void close() {
        writeLock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            if (current != null) {
                try {
                    current.channel().force(false);
                } catch (IOException e) {
                    LOGGER.warn("SGQ013W final fsync of {} failed: {}", current.path, e.toString());
                }
            }
            segments.values().forEach(Segment::closeQuietly);
            if (current != null && current.size == 0) {
                try {
                    Files.deleteIfExists(current.path);
                    segments.remove(current.number);
                } catch (IOException e) {
                    LOGGER.debug("cannot delete empty segment {}", current.path, e);
                }
            }
        } finally {
            writeLock.unlock();
        }
        try {
            lock.release();
            lockChannel.close();
        } catch (IOException e) {
            LOGGER.debug("cannot release {}", directory, e);
        }
    }

    public Collection<Long> segmentNumbers() {
        writeLock.lock();
        try {
            return new ArrayList<>(segments.keySet());
        } finally {
            writeLock.unlock();
        }
    }

    /** One segment file. Fields guarded by the journal's write lock, except the channel (thread-safe reads). */
    private static final class Segment {
        final long number;
        final Path path;
        volatile FileChannel channel;
        long size;
        int live;
        boolean broken;

        Segment(long number, Path path, boolean create) throws IOException {
            this.number = number;
            this.path = path;
            if (create) {
                this.channel = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
                this.size = 0;
            } else {
                this.channel = FileChannel.open(path, StandardOpenOption.READ);
                this.size = channel.size();
            }
        }

        FileChannel channel() throws IOException {
            FileChannel c = channel;
            if (c == null) {
                throw new IOException("journal segment " + path + " is closed");
            }
            return c;
        }

        /** Writes a whole record at the end; on failure the segment is cut back to where it was. */
        long write(ByteBuffer[] parts, long length) throws IOException {
            FileChannel c = channel();
            long offset = size;
            try {
                long written = 0;
                while (written < length) {
                    long n = c.write(parts);
                    if (n <= 0 && written < length) {
                        throw new IOException("short write to " + path);
                    }
                    written += n;
                }
            } catch (IOException e) {
                try {
                    c.truncate(offset);
                    c.position(offset);
                } catch (IOException cut) {
                    broken = true;
                    e.addSuppressed(cut);
                }
                throw e;
            }
            size = offset + length;
            return offset;
        }

        void closeQuietly() {
            FileChannel c = channel;
            channel = null;
            if (c != null) {
                try {
                    c.close();
                } catch (IOException e) {
                    LOGGER.debug("cannot close {}", path, e);
                }
            }
        }
    }
}
