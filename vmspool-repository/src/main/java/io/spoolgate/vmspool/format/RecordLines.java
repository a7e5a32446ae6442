package io.spoolgate.vmspool.format;

import java.io.IOException;
import java.io.OutputStream;

import io.spoolgate.vmspool.ebcdic.Cp1047;

/** Writes records as lines of Latin-1 text: each record translated from CP1047 as it is, then a line end. */
public final class RecordLines {

    private RecordLines() {
    }

    /**
     * Copies every remaining record of {@code source} to {@code out}.
     *
     * @param source  the records (EBCDIC)
     * @param out     receives the lines; not flushed or closed
     * @param lineEnd written after each record (e.g. CRLF for mail, LF for a terminal)
     */
    public static void copy(RecordSource source, OutputStream out, byte[] lineEnd) throws IOException {
        byte[] line = new byte[256];
        for (byte[] rec; (rec = source.nextRecord()) != null; ) {
            if (line.length < rec.length) {
                line = new byte[rec.length * 2];
            }
            Cp1047.toLatin1(rec, 0, line, 0, rec.length);
            out.write(line, 0, rec.length);
            out.write(lineEnd);
        }
    }
}
