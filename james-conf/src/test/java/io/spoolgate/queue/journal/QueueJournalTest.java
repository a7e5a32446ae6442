package io.spoolgate.queue.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QueueJournalTest {

    private static final long MB = 1024 * 1024;

    @TempDir
    Path directory;

    private static ByteBuffer bytes(String text) {
        return ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
    }

    private static ByteBuffer filler(int size, char c) {
        byte[] b = new byte[size];
        java.util.Arrays.fill(b, (byte) c);
        return ByteBuffer.wrap(b);
    }

    private List<RecoveredMail> reopen() throws IOException {
        List<RecoveredMail> live = new ArrayList<>();
        QueueJournal.open(directory, MB, live::add).close();
        return live;
    }

    private List<Path> segments() throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(p -> p.toString().endsWith(".journal")).sorted().toList();
        }
    }

    @Test
    void enqueuedMailsSurviveAndDoneOnesDoNot() throws Exception {
        try (QueueJournal journal = QueueJournal.open(directory, MB, mail -> { })) {
            long a = journal.newId();
            long b = journal.newId();
            JournalLocation la = journal.append(a, 100L, bytes("env-a"), bytes("message a"));
            journal.append(b, 200L, bytes("env-b"), bytes("message b"));
            journal.appendDone(a);
            assertThat(journal.readWhole(la, a)[1]).asString(StandardCharsets.UTF_8).isEqualTo("message a");
        }
        List<RecoveredMail> live = reopen();
        assertThat(live).hasSize(1);
        assertThat(live.get(0).notBefore()).isEqualTo(200L);
        try (QueueJournal journal = QueueJournal.open(directory, MB, mail -> { })) {
            byte[][] parts = journal.readWhole(live.get(0).location(), live.get(0).id());
            assertThat(new String(parts[0], StandardCharsets.UTF_8)).isEqualTo("env-b");
            assertThat(new String(parts[1], StandardCharsets.UTF_8)).isEqualTo("message b");
            assertThat(journal.newId()).as("ids are not reused").isGreaterThan(live.get(0).id());
        }
    }

    @Test
    void aRecordTornByACrashIsCutOffAndKept() throws Exception {
        try (QueueJournal journal = QueueJournal.open(directory, MB, mail -> { })) {
            journal.append(journal.newId(), 0, bytes("e1"), bytes("first"));
            journal.append(journal.newId(), 0, bytes("e2"), bytes("second"));
        }
        Path segment = segments().get(0);
        long size = Files.size(segment);
        try (FileChannel channel = FileChannel.open(segment, StandardOpenOption.WRITE)) {
            channel.truncate(size - 3);
        }
        List<RecoveredMail> live = reopen();
        assertThat(live).hasSize(1);
        try (Stream<Path> damaged = Files.list(directory.resolve("damaged"))) {
            assertThat(damaged.toList()).singleElement().satisfies(p -> assertThat(Files.size(p)).isGreaterThan(0));
        }
        assertThat(Files.size(segment)).as("segment cut at the torn record").isLessThan(size - 3);
        assertThat(reopen()).as("the cut segment reads cleanly").hasSize(1);
    }

    @Test
    void aRecordWithABadChecksumEndsTheSegment() throws Exception {
        JournalLocation second;
        try (QueueJournal journal = QueueJournal.open(directory, MB, mail -> { })) {
            journal.append(journal.newId(), 0, bytes("e1"), bytes("first"));
            second = journal.append(journal.newId(), 0, bytes("e2"), bytes("second"));
            journal.append(journal.newId(), 0, bytes("e3"), bytes("third"));
        }
        try (FileChannel channel = FileChannel.open(segments().get(0), StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.wrap(new byte[] {'X'}), second.messageOffset());
        }
        assertThat(reopen()).hasSize(1);
    }

    @Test
    void segmentsGoOldestFirstOnceDrained() throws Exception {
        try (QueueJournal journal = QueueJournal.open(directory, MB, mail -> { })) {
            List<Long> ids = new ArrayList<>();
            List<JournalLocation> locations = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                long id = journal.newId();
                ids.add(id);
                locations.add(journal.append(id, 0, bytes("e"), filler(300 * 1024, 'm')));
            }
            assertThat(journal.segmentCount()).isGreaterThanOrEqualTo(3);
            long firstSegment = locations.get(0).segment();
            // everything but the very first mail is done: its segment, and with it every later one, must stay
            for (int i = 1; i < ids.size(); i++) {
                journal.appendDone(ids.get(i));
                journal.release(locations.get(i));
            }
            journal.deleteDrainedSegments();
            assertThat(journal.oldestSealedSegment()).contains(firstSegment);
            assertThat(journal.segmentNumbers()).contains(firstSegment);
            journal.appendDone(ids.get(0));
            journal.release(locations.get(0));
            journal.deleteDrainedSegments();
            assertThat(journal.segmentCount()).isEqualTo(1);
        }
        assertThat(reopen()).isEmpty();
    }

    @Test
    void aDoneRecordIsNotLostWhenItsSegmentWouldGoBeforeTheEnqueue() throws Exception {
        long first;
        try (QueueJournal journal = QueueJournal.open(directory, MB, mail -> { })) {
            first = journal.newId();
            JournalLocation a = journal.append(first, 0, bytes("e"), filler(600 * 1024, 'a'));
            long second = journal.newId();
            JournalLocation b = journal.append(second, 0, bytes("e"), filler(600 * 1024, 'b'));
            assertThat(b.segment()).isGreaterThan(a.segment());
            journal.appendDone(second);
            journal.release(b);
            long third = journal.newId();
            journal.append(third, 0, bytes("e"), filler(600 * 1024, 'c'));
            journal.deleteDrainedSegments();
        }
        // the segment holding DONE(second) must still be there: 'first' lives in the segment before it
        assertThat(reopen()).extracting(RecoveredMail::id).doesNotContain(first + 1).contains(first);
    }

    @Test
    void largeMessagesStreamFromTheSegment() throws Exception {
        try (QueueJournal journal = QueueJournal.open(directory, MB, mail -> { })) {
            long id = journal.newId();
            JournalLocation location = journal.append(id, 0, bytes("e"), filler(200_000, 'z'));
            try (InputStream in = journal.openMessage(location)) {
                byte[] all = in.readAllBytes();
                assertThat(all).hasSize(200_000).containsOnly((byte) 'z');
            }
        }
    }

    @Test
    void concurrentAppendersShareFsyncsAndAllSurvive() throws Exception {
        int threads = 8;
        int perThread = 50;
        try (QueueJournal journal = QueueJournal.open(directory, 64 * MB, mail -> { })) {
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < perThread; i++) {
                        journal.append(journal.newId(), 0, bytes("env"), filler(4096, 'x'));
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
            pool.shutdown();
            assertThat(journal.appends()).isEqualTo(threads * perThread);
            assertThat(journal.fsyncs()).isBetween(1L, (long) threads * perThread);
        }
        assertThat(reopen()).hasSize(threads * perThread);
    }

    @Test
    void asecondOpenOfTheSameQueueIsRefused() throws Exception {
        try (QueueJournal journal = QueueJournal.open(directory, MB, mail -> { })) {
            assertThatThrownBy(() -> QueueJournal.open(directory, MB, mail -> { }))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("in use");
        }
    }

    @Test
    void aMailWithoutMessageBytesIsKept() throws Exception {
        try (QueueJournal journal = QueueJournal.open(directory, MB, mail -> { })) {
            journal.append(journal.newId(), 0, bytes("e1"), bytes("first"));
            ByteBuffer empty = bytes("not written");
            empty.position(empty.limit());
            journal.append(journal.newId(), 0, bytes("e2"), empty);
        }
        assertThat(reopen()).hasSize(2);
    }
}
