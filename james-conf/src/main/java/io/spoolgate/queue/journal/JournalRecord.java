package io.spoolgate.queue.journal;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * The two record kinds of a queue journal segment, as bytes (pure codec, no I/O).
 *
 * <pre>
 * ENQUEUE  int 'SGQE'  long id  long notBefore (epoch ms)  int envelopeLength  int messageLength
 *          envelope bytes  message bytes  int CRC-32C (id .. message)
 * DONE     int 'SGQD'  long id  int CRC-32C (id)
 * </pre>
 *
 * An ENQUEUE record holds a whole mail (the envelope as {@code EnvelopeCodec} writes it, then the RFC 5322 message);
 * a DONE record says the mail with that id left the queue. A later ENQUEUE with the same id replaces an earlier one
 * (a mail carried forward out of an old segment).
 */
public final class JournalRecord {

    public static final int ENQUEUE_MAGIC = 0x53475145;
    public static final int DONE_MAGIC = 0x53475144;
    /** magic, id, notBefore, envelope length, message length. */
    public static final int ENQUEUE_HEADER = 4 + 8 + 8 + 4 + 4;
    public static final int DONE_LENGTH = 4 + 8 + 4;
    public static final int CRC_LENGTH = 4;

    private JournalRecord() {
    }

    /** Header of an ENQUEUE record; the CRC covers everything after the magic, envelope and message included. */
    public static ByteBuffer enqueueHeader(long id, long notBefore, int envelopeLength, int messageLength) {
        ByteBuffer header = ByteBuffer.allocate(ENQUEUE_HEADER);
        header.putInt(ENQUEUE_MAGIC).putLong(id).putLong(notBefore).putInt(envelopeLength).putInt(messageLength);
        return header.flip();
    }

    public static ByteBuffer enqueueTrailer(ByteBuffer header, ByteBuffer envelope, ByteBuffer message) {
        CRC32C crc = new CRC32C();
        crc.update(header.duplicate().position(4));
        crc.update(envelope.duplicate());
        crc.update(message.duplicate());
        return ByteBuffer.allocate(CRC_LENGTH).putInt((int) crc.getValue()).flip();
    }

    public static ByteBuffer done(long id) {
        ByteBuffer record = ByteBuffer.allocate(DONE_LENGTH);
        record.putInt(DONE_MAGIC).putLong(id);
        CRC32C crc = new CRC32C();
        crc.update(record.duplicate().flip().position(4));
        record.putInt((int) crc.getValue());
        return record.flip();
    }

    /** Total length of an ENQUEUE record. */
    public static long enqueueLength(int envelopeLength, int messageLength) {
        return (long) ENQUEUE_HEADER + envelopeLength + messageLength + CRC_LENGTH;
    }
}
