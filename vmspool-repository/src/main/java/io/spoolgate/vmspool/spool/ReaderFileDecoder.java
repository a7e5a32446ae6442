package io.spoolgate.vmspool.spool;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

import io.spoolgate.vmspool.bsmtp.BsmtpReader;
import io.spoolgate.vmspool.bsmtp.BsmtpTransaction;
import io.spoolgate.vmspool.card.PunchCardReader;
import io.spoolgate.vmspool.format.RecordDecoder;
import io.spoolgate.vmspool.format.RecordLines;
import io.spoolgate.vmspool.format.RecordSource;
import io.spoolgate.vmspool.format.SpoolDecodeException;
import io.spoolgate.vmspool.netdata.NetdataControl;
import io.spoolgate.vmspool.netdata.NetdataReader;

/** Reads the data of a reader file written by {@link ReaderFileEncoder} back: the message, or its lines as text. */
public final class ReaderFileDecoder {

    private ReaderFileDecoder() {
    }

    /**
     * Writes the mail message a reader file carries (for BSMTP: the message of its first transaction).
     *
     * @return the BSMTP transaction (envelope) for the BSMTP formats, null for NETDATA
     * @throws SpoolDecodeException when the data is malformed
     */
    public static BsmtpTransaction decodeMessage(DeliveryFormat format, InputStream in, OutputStream out) throws IOException {
        switch (format) {
            case NETDATA -> {
                NetdataReader reader = new NetdataReader(in);
                NetdataControl control = reader.header();
                long lrecl;
                try {
                    lrecl = control.file(1).lrecl();
                } catch (IllegalArgumentException e) {
                    throw new SpoolDecodeException("NETDATA without a usable INMR02 for file 1: " + e.getMessage(), 0);
                }
                if (lrecl < 2 || lrecl > Integer.MAX_VALUE) {
                    throw new SpoolDecodeException("NETDATA INMR02 has no usable INMLRECL (" + lrecl + ")", 0);
                }
                RecordDecoder decoder = new RecordDecoder((int) lrecl, out);
                while (reader.nextRecord(decoder)) {
                    // records flow into the decoder
                }
                decoder.finish();
                return null;
            }
            case BSMTP -> {
                NetdataReader reader = new NetdataReader(in);
                reader.header();
                return firstTransaction(reader, out);
            }
            case BSMTP_CARDS -> {
                return firstTransaction(new PunchCardReader(in), out);
            }
            default -> throw new IllegalStateException("unknown format " + format);
        }
    }

    /** Writes each record as a line of Latin-1 text ending in LF: what {@code peek} shows for BSMTP files. */
    public static void decodeLines(DeliveryFormat format, InputStream in, OutputStream out) throws IOException {
        RecordSource source;
        if (format == DeliveryFormat.BSMTP_CARDS) {
            source = new PunchCardReader(in);
        } else {
            NetdataReader reader = new NetdataReader(in);
            reader.header();
            source = reader;
        }
        RecordLines.copy(source, out, new byte[] {'\n'});
    }

    private static BsmtpTransaction firstTransaction(RecordSource source, OutputStream out) throws IOException {
        BsmtpTransaction tx = new BsmtpReader(source).next(out);
        if (tx == null) {
            throw new SpoolDecodeException("the BSMTP file holds no transaction", 0);
        }
        return tx;
    }
}
