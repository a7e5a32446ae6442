package io.spoolgate.vmspool.spool;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Instant;
import java.util.List;

import io.spoolgate.vmspool.bsmtp.BsmtpWriter;
import io.spoolgate.vmspool.card.PunchCardWriter;
import io.spoolgate.vmspool.format.RecordEncoder;
import io.spoolgate.vmspool.format.RecordSink;
import io.spoolgate.vmspool.netdata.NetdataHeader;
import io.spoolgate.vmspool.netdata.NetdataWriter;

/**
 * Lays out one mail as the data of a reader file in the chosen {@link DeliveryFormat}: a CMS NOTE in NETDATA, a BSMTP
 * transaction in NETDATA, or a BSMTP transaction as 80-column cards. Streaming: the message is read once (twice when
 * the record length is {@code auto}: a first pass finds the longest line so that no line is split; the automatic
 * length is capped at 65535, the CMS limit for variable records, and longer lines are split reversibly). A message of
 * at most 1 MB (by the size hint) that needs two passes is read from its source once and kept in memory for both.
 */
public final class ReaderFileEncoder {

    /** A message that can be read more than once. */
    @FunctionalInterface
    public interface MessageSource {
        InputStream open() throws IOException;
    }

    /** Record length {@code auto}: {@code max(80, longest line + 1)}. */
    public static final int AUTO_LRECL = 0;
    private static final int MIN_LRECL = 80;
    /** The largest automatic record length (a CMS variable-format file's limit); longer lines are split reversibly. */
    static final int MAX_AUTO_LRECL = 65535;

    /** Messages up to this size are read from their source once, into memory, when two passes are needed. */
    static final long READ_ONCE_LIMIT = 1024 * 1024;

    private final String localNode;
    private final String heloName;
    private final int lrecl;

    /**
     * @param localNode NJE node of this system (INMFNODE/INMTNODE), 1-8 characters
     * @param heloName  the primary host name written in BSMTP {@code HELO}
     * @param lrecl     {@link #AUTO_LRECL} or a fixed record length (at least 80); longer lines are split reversibly
     */
    public ReaderFileEncoder(String localNode, String heloName, int lrecl) {
        if (lrecl != AUTO_LRECL && lrecl < MIN_LRECL) {
            throw new IllegalArgumentException("lrecl must be auto or at least 80, was " + lrecl);
        }
        this.localNode = localNode;
        this.heloName = heloName;
        this.lrecl = lrecl;
    }

    /**
     * @param sizeHint the message size in bytes (INMSIZE), 0 when unknown
     * @return the number of data records written
     */
    public long encode(PunchRequest request, Instant when, MessageSource message, long sizeHint, OutputStream out)
        throws IOException {
        boolean twoPasses = request.format() == DeliveryFormat.BSMTP
            || (request.format() == DeliveryFormat.NETDATA && lrecl == AUTO_LRECL);
        if (twoPasses && sizeHint > 0 && sizeHint <= READ_ONCE_LIMIT) {
            // a small message is read once and both passes run over the bytes
            byte[] bytes;
            try (InputStream in = message.open()) {
                bytes = in.readNBytes((int) READ_ONCE_LIMIT + 1);
            }
            if (bytes.length <= READ_ONCE_LIMIT) { // else the hint was wrong: stream it twice after all
                message = () -> new ByteArrayInputStream(bytes);
            }
        }
        return switch (request.format()) {
            case NETDATA -> encodeNote(request, when, message, sizeHint, out);
            case BSMTP -> encodeBsmtpNetdata(request, when, message, sizeHint, out);
            case BSMTP_CARDS -> encodeBsmtpCards(request, message, out);
        };
    }

    private long encodeNote(PunchRequest request, Instant when, MessageSource message, long sizeHint, OutputStream out)
        throws IOException {
        int l = lrecl == AUTO_LRECL ? Math.min(MAX_AUTO_LRECL, Math.max(MIN_LRECL, longestLine(message) + 1)) : lrecl;
        NetdataHeader header = NetdataHeader.note(localNode, request.originUserid().value(), localNode,
            request.owner().value(), when, l).withSizeHint(sizeHint);
        CountingSink counted;
        try (NetdataWriter writer = new NetdataWriter(out, header)) {
            counted = new CountingSink(writer::writeRecord);
            RecordEncoder encoder = new RecordEncoder(l, counted);
            try (InputStream in = message.open()) {
                byte[] buf = new byte[64 * 1024];
                for (int n; (n = in.read(buf)) > 0; ) {
                    encoder.write(buf, 0, n);
                }
            }
            encoder.finish();
        }
        return counted.records;
    }

    private long encodeBsmtpNetdata(PunchRequest request, Instant when, MessageSource message, long sizeHint,
                                    OutputStream out) throws IOException {
        // a BSMTP line is the message line plus at most one dot of dot-stuffing; commands are short
        int l = Math.max(MIN_LRECL, Math.max(longestLine(message) + 2, longestCommand(request) + 1));
        NetdataHeader header = NetdataHeader.file(localNode, request.originUserid().value(), localNode,
            request.owner().value(), when, l, List.of("A", request.fileName(), request.fileType())).withSizeHint(sizeHint);
        CountingSink counted;
        try (NetdataWriter writer = new NetdataWriter(out, header)) {
            counted = new CountingSink(writer::writeRecord);
            writeTransaction(request, message, counted);
        }
        return counted.records;
    }

    private long encodeBsmtpCards(PunchRequest request, MessageSource message, OutputStream out) throws IOException {
        PunchCardWriter cards = new PunchCardWriter(out);
        CountingSink counted = new CountingSink(cards);
        writeTransaction(request, message, counted);
        cards.flush();
        return counted.records;
    }

    private void writeTransaction(PunchRequest request, MessageSource message, RecordSink sink) throws IOException {
        BsmtpWriter bsmtp = new BsmtpWriter(sink, heloName);
        try (InputStream in = message.open()) {
            bsmtp.write(request.sender(), request.recipients(), in);
        }
        bsmtp.finish();
    }

    private static int longestCommand(PunchRequest request) {
        int longest = request.sender().length() + 12;
        for (String r : request.recipients()) {
            longest = Math.max(longest, r.length() + 10);
        }
        return longest;
    }

    private static int longestLine(MessageSource message) throws IOException {
        try (InputStream in = message.open()) {
            return RecordEncoder.longestLine(in);
        }
    }

    private static final class CountingSink implements RecordSink {
        private final RecordSink delegate;
        private long records;

        CountingSink(RecordSink delegate) {
            this.delegate = delegate;
        }

        @Override
        public void record(byte[] ebcdic, int off, int len) throws IOException {
            delegate.record(ebcdic, off, len);
            records++;
        }

        @Override
        public boolean keepsLength() {
            return delegate.keepsLength();
        }
    }
}
