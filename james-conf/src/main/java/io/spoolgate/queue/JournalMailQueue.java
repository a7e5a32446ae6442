package io.spoolgate.queue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.DelayQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import javax.mail.MessagingException;
import javax.mail.internet.MimeMessage;

import org.apache.james.queue.api.MailQueueItemDecoratorFactory;
import org.apache.james.queue.api.MailQueueName;
import org.apache.james.queue.api.ManageableMailQueue;
import org.apache.james.server.core.MailImpl;
import org.apache.james.server.core.MimeMessageSource;
import org.apache.james.server.core.MimeMessageWrapper;
import org.apache.mailet.Mail;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.spoolgate.queue.journal.JournalLocation;
import io.spoolgate.queue.journal.QueueJournal;
import io.spoolgate.queue.journal.RecoveredMail;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * A durable James mail queue on a {@link QueueJournal}: {@code enQueue} returns once the whole mail (envelope and
 * message) is on disk, so the SMTP server answers 250 only for mail that survives {@code kill -9} or a power cut;
 * mails enqueued at the same time share one {@code fsync}. Dequeued mails are read back from the journal (the page
 * cache, as a rule) and their DONE is recorded when the spooler has processed them.
 *
 * <p>At-least-once: a mail whose processing was under way when James stopped is offered again at the next start
 * (the reader spool recognises a mail it already holds by its key and does not punch it twice). A RETRY or REJECT
 * completion offers the mail again at once, as it was enqueued.</p>
 *
 * <p>Manageable through James's webadmin {@code /mailQueues} routes: size, browse (with the next delivery time of
 * delayed mail), flush (delayed mail becomes due now; a restart restores the original delays), clear and remove by
 * name, sender or recipient (mails being processed are not removed).</p>
 */
public final class JournalMailQueue implements ManageableMailQueue {

    private static final Logger LOGGER = LoggerFactory.getLogger(JournalMailQueue.class);
    private static final Duration POLL = Duration.ofMillis(200);

    private final MailQueueName name;
    private final QueueJournal journal;
    private final int inlineLimit;
    private final DelayQueue<QueuedMail> waiting = new DelayQueue<>();
    private final ConcurrentHashMap<Long, QueuedMail> mails = new ConcurrentHashMap<>();
    private final Scheduler scheduler;
    private final Flux<MailQueueItem> flux;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicInteger references = new AtomicInteger();
    private final DeliveryBarrier barrier;

    JournalMailQueue(MailQueueName name, Path directory, long segmentSize, int inlineLimit,
                     MailQueueItemDecoratorFactory decorators) throws IOException {
        this(name, directory, segmentSize, inlineLimit, decorators, DeliveryBarrier.NONE);
    }

    /** @param barrier what a delivered mail's DONE record waits for (the reader spool's file names made durable) */
    JournalMailQueue(MailQueueName name, Path directory, long segmentSize, int inlineLimit,
                     MailQueueItemDecoratorFactory decorators, DeliveryBarrier barrier) throws IOException {
        this.name = name;
        this.inlineLimit = inlineLimit;
        this.barrier = barrier;
        List<RecoveredMail> recovered = new ArrayList<>();
        this.journal = QueueJournal.open(directory, segmentSize, recovered::add);
        for (RecoveredMail mail : recovered) {
            EnvelopeCodec.Summary summary;
            try {
                summary = EnvelopeCodec.summary(journal.readEnvelope(mail.location()));
            } catch (IOException e) {
                summary = new EnvelopeCodec.Summary("unreadable-" + mail.id(), null, List.of());
            }
            QueuedMail queued = new QueuedMail(mail.id(), summary, mail.location(), mail.notBefore());
            mails.put(queued.id, queued);
            waiting.add(queued);
        }
        this.scheduler = Schedulers.newSingle("spoolgate-queue-" + name.asString());
        this.flux = Mono.<JournalItem>create(sink -> {
            AtomicBoolean cancelled = new AtomicBoolean();
            sink.onCancel(() -> cancelled.set(true));
            try {
                JournalItem item = next(cancelled);
                if (item != null) {
                    sink.success(item);
                } else {
                    sink.success();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                if (closed.get() || cancelled.get()) {
                    sink.success();
                } else {
                    sink.error(e);
                }
            }
        })
            .repeat(() -> !closed.get())
            .subscribeOn(scheduler)
            .doOnDiscard(JournalItem.class, JournalItem::offerAgain)
            .map(item -> decorators.decorate(item, name));
    }

    /** The next due mail, loaded; null when the subscriber went away or the queue closed. */
    private JournalItem next(AtomicBoolean cancelled) throws InterruptedException {
        while (!cancelled.get() && !closed.get()) {
            QueuedMail queued = waiting.poll(POLL.toMillis(), TimeUnit.MILLISECONDS);
            if (queued == null) {
                continue;
            }
            synchronized (queued) {
                if (queued.done) {
                    continue;
                }
                queued.inFlight = true;
            }
            if (cancelled.get() || closed.get()) {
                putBack(queued);
                return null;
            }
            try {
                return new JournalItem(queued, load(queued));
            } catch (IOException | MessagingException | RuntimeException e) {
                quarantine(queued, e);
            }
        }
        return null;
    }

    /** A mail that cannot be read back: its record is kept in {@code damaged/}, it leaves the queue, loudly. */
    private void quarantine(QueuedMail queued, Exception e) {
        JournalLocation location = queued.location();
        Path copy = journal.directory().resolve("damaged").resolve("mail-" + queued.id + ".record");
        try {
            journal.copyRecord(location, copy);
        } catch (IOException copyFailed) {
            e.addSuppressed(copyFailed);
            LOGGER.error("SGQ022E mail {} ({}) of queue {} cannot be read back and its record cannot be copied; it "
                + "stays in the journal and is offered again at the next start", queued.id, queued.summary.name(),
                name.asString(), e);
            synchronized (queued) {
                queued.inFlight = false;
                queued.done = true;
            }
            mails.remove(queued.id);
            return;
        }
        LOGGER.error("SGQ021E mail {} ({}) of queue {} cannot be read back ({}); its record is kept in {} and it leaves "
            + "the queue", queued.id, queued.summary.name(), name.asString(), e.toString(), copy, e);
        finish(queued);
    }

    private Mail load(QueuedMail queued) throws IOException, MessagingException {
        JournalLocation location = queued.location();
        MailImpl mail;
        if (location.messageLength() <= inlineLimit) {
            byte[][] parts = journal.readWhole(location, queued.id);
            mail = EnvelopeCodec.decode(parts[0]);
            byte[] message = parts[1];
            if (message.length > 0) {
                mail.setMessageNoCopy(new QueuedMessage(new JournalMessage(name.asString() + "/" + queued.id,
                    message.length, () -> new ByteArrayInputStream(message))));
            }
        } else {
            mail = EnvelopeCodec.decode(journal.readEnvelope(location));
            mail.setMessageNoCopy(new QueuedMessage(new JournalMessage(name.asString() + "/" + queued.id,
                location.messageLength(), () -> journal.openMessage(location))));
        }
        return mail;
    }

    @Override
    public MailQueueName getName() {
        return name;
    }

    @Override
    public void enQueue(Mail mail, Duration delay) throws MailQueueException {
        long notBefore = System.currentTimeMillis();
        if (delay != null && !delay.isNegative() && !delay.isZero()) {
            try {
                notBefore = Math.addExact(notBefore, delay.toMillis());
            } catch (ArithmeticException e) {
                notBefore = Long.MAX_VALUE;
            }
        }
        ensureOpen();
        long id = journal.newId();
        try {
            byte[] envelope = EnvelopeCodec.encode(mail);
            ByteBuffer message = messageBytes(mail);
            JournalLocation location = journal.append(id, notBefore, ByteBuffer.wrap(envelope), message);
            QueuedMail queued = new QueuedMail(id, EnvelopeCodec.summary(mail), location, notBefore);
            mails.put(id, queued);
            waiting.add(queued);
        } catch (IOException | MessagingException | RuntimeException e) {
            throw new MailQueueException("cannot put mail " + mail.getName() + " in queue " + name.asString()
                + " (" + journal.directory() + "): " + e.getMessage(), e);
        }
    }

    @Override
    public void enQueue(Mail mail) throws MailQueueException {
        enQueue(mail, Duration.ZERO);
    }

    @Override
    public Publisher<Void> enqueueReactive(Mail mail) {
        return Mono.fromRunnable(() -> {
            try {
                enQueue(mail);
            } catch (MailQueueException e) {
                throw new IllegalStateException(e.getMessage(), e);
            }
        });
    }

    private static ByteBuffer messageBytes(Mail mail) throws MessagingException, IOException {
        MimeMessage message = mail.getMessage();
        if (message == null) {
            return ByteBuffer.allocate(0);
        }
        long size = 0;
        try {
            size = mail.getMessageSize();
        } catch (MessagingException e) {
            LOGGER.debug("no size for {}", mail.getName(), e);
        }
        ExposedBytes bytes = new ExposedBytes((int) Math.max(1024, Math.min(size + 512, 64L * 1024 * 1024)));
        if (message instanceof MimeMessageWrapper wrapper && !wrapper.isModified()) {
            // the bytes as received: writeTo would parse the headers only to write them out again
            try (InputStream in = wrapper.getMessageInputStream()) {
                in.transferTo(bytes);
            }
        } else {
            message.writeTo(bytes);
        }
        return bytes.asBuffer();
    }

    @Override
    public Flux<MailQueueItem> deQueue() {
        return flux;
    }

    @Override
    public long getSize() {
        return mails.size();
    }

    @Override
    public long flush() {
        long now = System.currentTimeMillis();
        long count = 0;
        for (QueuedMail queued : List.copyOf(waiting)) {
            if (queued.notBefore > now && waiting.remove(queued)) {
                queued.notBefore = now;
                waiting.add(queued);
                count++;
            }
        }
        return count;
    }

    @Override
    public long clear() {
        return removeWhere(queued -> true);
    }

    @Override
    public long remove(Type type, String value) {
        return switch (type) {
            case Name -> removeWhere(queued -> value.equals(queued.summary.name()));
            case Sender -> removeWhere(queued -> value.equals(queued.summary.sender() == null ? "" : queued.summary.sender()));
            case Recipient -> removeWhere(queued -> queued.summary.recipients().contains(value));
        };
    }

    private long removeWhere(Predicate<QueuedMail> which) {
        long count = 0;
        for (QueuedMail queued : List.copyOf(waiting)) {
            if (which.test(queued) && waiting.remove(queued)) {
                synchronized (queued) {
                    if (queued.inFlight || queued.done) {
                        continue;
                    }
                }
                finish(queued);
                count++;
            }
        }
        if (count > 0) {
            LOGGER.info("SGQ003I {} mails removed from queue {}", count, name.asString());
        }
        return count;
    }

    @Override
    public MailQueueIterator browse() {
        List<QueuedMail> snapshot = new ArrayList<>(waiting);
        snapshot.sort(Comparator.naturalOrder());
        Iterator<QueuedMail> underlying = snapshot.iterator();
        return new MailQueueIterator() {
            private MailQueueItemView next;

            @Override
            public boolean hasNext() {
                while (next == null && underlying.hasNext()) {
                    QueuedMail queued = underlying.next();
                    try {
                        Mail mail = load(queued);
                        next = new DefaultMailQueueItemView(mail,
                            ZonedDateTime.ofInstant(Instant.ofEpochMilli(queued.notBefore), ZoneOffset.UTC));
                    } catch (IOException | MessagingException | RuntimeException e) {
                        LOGGER.debug("mail {} of {} left the queue while browsing", queued.id, name.asString(), e);
                    }
                }
                return next != null;
            }

            @Override
            public MailQueueItemView next() {
                if (!hasNext()) {
                    throw new java.util.NoSuchElementException();
                }
                MailQueueItemView view = next;
                next = null;
                return view;
            }

            @Override
            public void close() {
            }
        };
    }

    /**
     * Moves the waiting mails of the journal's oldest sealed segment to the current one, so that the segment can go
     * once the mails being processed from it are done. Only when the journal has three segments or more: mails
     * that wait long (delayed retries) do not hold old segments on disk.
     *
     * @return how many mails were moved
     */
    int carryForward() {
        Optional<Long> oldest = journal.oldestSealedSegment();
        if (oldest.isEmpty() || journal.segmentCount() < 3) {
            return 0;
        }
        int moved = 0;
        for (QueuedMail queued : mails.values()) {
            synchronized (queued) {
                if (queued.done || queued.inFlight || queued.location.segment() != oldest.get()) {
                    continue;
                }
                try {
                    byte[][] parts = readRecord(queued.location, queued.id);
                    JournalLocation old = queued.location;
                    queued.location = journal.append(queued.id, queued.notBefore, ByteBuffer.wrap(parts[0]),
                        ByteBuffer.wrap(parts[1]));
                    journal.release(old);
                    moved++;
                } catch (IOException e) {
                    LOGGER.warn("SGQ014W cannot carry mail {} of queue {} forward out of segment {}: {}", queued.id,
                        name.asString(), oldest.get(), e.toString());
                    return moved;
                }
            }
        }
        return moved;
    }

    private byte[][] readRecord(JournalLocation location, long id) throws IOException {
        if (location.messageLength() <= inlineLimit) {
            return journal.readWhole(location, id);
        }
        byte[] envelope = journal.readEnvelope(location);
        try (InputStream in = journal.openMessage(location)) {
            return new byte[][] {envelope, in.readAllBytes()};
        }
    }

    QueueJournal journal() {
        return journal;
    }

    /**
     * The mail left the queue: it is not offered again; DONE goes into the journal and its record is released once
     * what its delivery wrote is durable ({@link DeliveryBarrier}), so that a crash before that offers it again.
     */
    private void finish(QueuedMail queued) {
        synchronized (queued) {
            if (queued.done) {
                return;
            }
            queued.done = true;
            queued.inFlight = false;
        }
        mails.remove(queued.id);
        barrier.afterDurable(() -> forget(queued));
    }

    private void forget(QueuedMail queued) {
        JournalLocation location;
        synchronized (queued) {
            location = queued.location; // a done mail is not carried forward: its location stays
        }
        try {
            journal.appendDone(queued.id);
        } catch (IOException e) {
            // the mail is delivered; without its DONE it is offered again after a restart and recognised there
            LOGGER.warn("SGQ015W cannot record that mail {} ({}) left queue {}: {}; it will be offered again after "
                + "a restart", queued.id, queued.summary.name(), name.asString(), e.toString());
        }
        journal.release(location);
    }

    private void putBack(QueuedMail queued) {
        synchronized (queued) {
            if (queued.done) {
                return;
            }
            queued.inFlight = false;
        }
        waiting.add(queued);
    }

    private void ensureOpen() throws MailQueueException {
        if (closed.get()) {
            throw new MailQueueException("mail queue " + name.asString() + " is closed");
        }
    }

    /** One more user of this queue object (James components close the queues they asked for). */
    void reference() {
        references.incrementAndGet();
    }

    /** Closes the queue when its last user closes it. */
    @Override
    public void close() {
        if (references.decrementAndGet() <= 0) {
            closeNow();
        }
    }

    boolean isClosed() {
        return closed.get();
    }

    /** Closes the queue whoever still uses it (the factory at shutdown). */
    void closeNow() {
        if (closed.compareAndSet(false, true)) {
            scheduler.dispose();
            journal.close();
        }
    }

    /** A dequeued mail; its completion is recorded in the journal. */
    private final class JournalItem implements MailQueueItem {
        private final QueuedMail queued;
        private final Mail mail;

        JournalItem(QueuedMail queued, Mail mail) {
            this.queued = queued;
            this.mail = mail;
        }

        @Override
        public Mail getMail() {
            return mail;
        }

        @Override
        public void done(CompletionStatus status) {
            if (status == CompletionStatus.SUCCESS) {
                finish(queued);
            } else {
                queued.notBefore = System.currentTimeMillis();
                JournalMailQueue.this.putBack(queued);
            }
        }

        void offerAgain() {
            JournalMailQueue.this.putBack(queued);
        }
    }

    /**
     * The message of a dequeued mail for James: the bytes read with the record (small mails) or a stream from the
     * journal segment opened when James asks for it (large ones).
     */
    private static final class JournalMessage implements MimeMessageSource {
        private final String id;
        private final long size;
        private final Opener opener;

        interface Opener {
            InputStream open() throws IOException;
        }

        JournalMessage(String id, long size, Opener opener) {
            this.id = id;
            this.size = size;
            this.opener = opener;
        }

        @Override
        public String getSourceId() {
            return "journal:" + id;
        }

        @Override
        public InputStream getInputStream() throws IOException {
            return opener.open();
        }

        @Override
        public long getMessageSize() {
            return size;
        }
    }

    /** A byte array output stream whose buffer is handed over without a copy. */
    private static final class ExposedBytes extends ByteArrayOutputStream {
        ExposedBytes(int size) {
            super(size);
        }

        ByteBuffer asBuffer() {
            return ByteBuffer.wrap(buf, 0, count);
        }
    }
}
