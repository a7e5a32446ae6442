package io.spoolgate.vmspool.intake;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.spoolgate.vmspool.bsmtp.BsmtpReader;
import io.spoolgate.vmspool.bsmtp.BsmtpTransaction;
import io.spoolgate.vmspool.card.PunchCardReader;
import io.spoolgate.vmspool.ebcdic.Cp1047;
import io.spoolgate.vmspool.format.PushbackRecordSource;
import io.spoolgate.vmspool.format.RecordDecoder;
import io.spoolgate.vmspool.format.RecordLines;
import io.spoolgate.vmspool.format.RecordSource;
import io.spoolgate.vmspool.format.SpoolDecodeException;
import io.spoolgate.vmspool.format.SpoolFormat;
import io.spoolgate.vmspool.format.SpoolFormatDetector;
import io.spoolgate.vmspool.netdata.NetdataControl;
import io.spoolgate.vmspool.netdata.NetdataReader;

/**
 * Turns a file that a VM user punched to the SMTP service machine into mails, the format told by the content alone:
 * <ul>
 * <li>NETDATA: the data is either a BSMTP batch (its first record starts with HELO/EHLO/MAIL FROM/TICK) or an RFC 822
 * note (one record per line, with the reversible line rules of {@code RecordDecoder}, so files punched by Spoolgate
 * itself come back byte for byte); the origin comes from INMFUID/INMFNODE;</li>
 * <li>BSMTP on 80-column cards (trailing blanks are padding);</li>
 * <li>plain EBCDIC cards: an RFC 822 note.</li>
 * </ul>
 * Every mail is decoded to a temporary file under the work directory before any is handed on, so a file that turns
 * out malformed half-way produces no mail at all: {@link SpoolDecodeException} (with the offset or record number)
 * and the temporary files removed.
 */
public final class SpoolFileDecoder {

    private static final int HEAD = 80;
    private static final long MAX_LRECL = 16L * 1024 * 1024;

    private final Path workDirectory;

    public SpoolFileDecoder(Path workDirectory) {
        this.workDirectory = workDirectory;
    }

    /** Decoded mails and the format detected; delete the message files when done ({@link #discard}). */
    public record Decoded(SpoolFormat format, List<IntakeMail> mails) {
    }

    public Decoded decode(InputStream raw, SpoolOrigin origin) throws IOException {
        Files.createDirectories(workDirectory);
        BufferedInputStream in = new BufferedInputStream(raw, 64 * 1024);
        in.mark(HEAD);
        byte[] head = in.readNBytes(HEAD);
        in.reset();
        if (head.length == 0) {
            throw new SpoolDecodeException("the spool file is empty", 0);
        }
        SpoolFormat format = SpoolFormatDetector.detect(head, head.length);
        List<IntakeMail> mails = new ArrayList<>();
        try {
            switch (format) {
                case NETDATA -> decodeNetdata(in, origin, mails);
                case BSMTP -> decodeBsmtp(new PunchCardReader(in), origin, mails);
                case PLAIN -> decodeNote(new PunchCardReader(in), null, origin, mails);
                default -> throw new IllegalStateException(format.name());
            }
            if (mails.isEmpty()) {
                throw new SpoolDecodeException("the spool file holds no mail", 0);
            }
            return new Decoded(format, mails);
        } catch (IOException | RuntimeException e) {
            discard(mails);
            throw e;
        }
    }

    /** Removes the temporary message files of decoded mails. */
    public static void discard(List<IntakeMail> mails) {
        for (IntakeMail m : mails) {
            try {
                Files.deleteIfExists(m.message());
            } catch (IOException ignored) {
                // a temporary file; the work directory is cleaned at start-up too
            }
        }
    }

    private void decodeNetdata(InputStream in, SpoolOrigin origin, List<IntakeMail> mails) throws IOException {
        NetdataReader reader = new NetdataReader(in);
        NetdataControl control = reader.header();
        SpoolOrigin from = new SpoolOrigin(nonBlank(control.originUserid(), origin.userid()),
            nonBlank(control.originNode(), origin.node()), origin.spoolId());
        byte[] first = reader.nextRecord();
        if (first == null) {
            throw new SpoolDecodeException("the NETDATA file carries no data records", 0);
        }
        RecordSource all = new PushbackRecordSource(first, reader);
        if (SpoolFormatDetector.detect(first, first.length) == SpoolFormat.BSMTP) {
            decodeBsmtp(all, from, mails);
        } else {
            long lrecl;
            try {
                lrecl = control.file(1).lrecl();
            } catch (IllegalArgumentException e) {
                throw new SpoolDecodeException("NETDATA without a usable INMR02 for file 1: " + e.getMessage(), 0);
            }
            if (lrecl != -1 && (lrecl < 2 || lrecl > MAX_LRECL)) {
                throw new SpoolDecodeException("NETDATA INMLRECL " + lrecl + " is out of range (2.." + MAX_LRECL + ")", 0);
            }
            decodeNote(all, lrecl == -1 ? null : (int) lrecl, from, mails);
        }
        while (reader.nextFile()) {
            while (reader.nextRecord() != null) {
                // further files of a multi-file transmission are not mail: read to check the structure
            }
        }
    }

    private void decodeBsmtp(RecordSource source, SpoolOrigin origin, List<IntakeMail> mails) throws IOException {
        BsmtpReader reader = new BsmtpReader(source);
        while (true) {
            Path file = Files.createTempFile(workDirectory, "intake-", ".eml");
            BsmtpTransaction tx;
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file))) {
                tx = reader.next(out);
            } catch (IOException | RuntimeException e) {
                Files.deleteIfExists(file);
                throw e;
            }
            if (tx == null) {
                Files.deleteIfExists(file);
                return;
            }
            mails.add(new IntakeMail(mails.size(), Optional.of(new IntakeMail.Envelope(tx.mailFrom(), tx.rcptTo(),
                tx.helo() == null ? "" : tx.helo())), file, origin));
        }
    }

    /**
     * A note: records are lines. With a record length (NETDATA), {@code RecordDecoder}'s reversible rules apply; on
     * cards, each card (trailing blanks stripped) is a line.
     */
    private void decodeNote(RecordSource source, Integer lrecl, SpoolOrigin origin, List<IntakeMail> mails)
        throws IOException {
        byte[] first = source.nextRecord();
        if (first == null || !isHeaderLine(first)) {
            throw new SpoolDecodeException("not NETDATA, not BSMTP, and not a mail note: the first line "
                + (first == null ? "is missing" : "is not a header field (Name: value)"), 0);
        }
        source = new PushbackRecordSource(first, source);
        Path file = Files.createTempFile(workDirectory, "intake-", ".eml");
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file))) {
            if (lrecl != null) {
                RecordDecoder decoder = new RecordDecoder(lrecl, out);
                for (byte[] rec; (rec = source.nextRecord()) != null; ) {
                    decoder.record(rec, 0, rec.length);
                }
                decoder.finish();
            } else {
                RecordLines.copy(source, out, new byte[] {'\r', '\n'});
            }
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(file);
            throw e;
        }
        if (Files.size(file) == 0) {
            Files.deleteIfExists(file);
            throw new SpoolDecodeException("the note is empty", 0);
        }
        mails.add(new IntakeMail(mails.size(), Optional.empty(), file, origin));
    }

    /** {@code Name: value}: a field name of printable characters other than ':' followed by a colon. */
    static boolean isHeaderLine(byte[] ebcdic) {
        for (int i = 0; i < ebcdic.length; i++) {
            int c = Cp1047.toLatin1(ebcdic[i]);
            if (c == ':') {
                return i > 0;
            }
            if (c <= ' ' || c > '~') {
                return false;
            }
        }
        return false;
    }

    private static String nonBlank(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value.trim();
    }
}
