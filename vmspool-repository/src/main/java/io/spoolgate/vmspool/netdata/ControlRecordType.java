package io.spoolgate.vmspool.netdata;

import io.spoolgate.vmspool.ebcdic.Cp1047;

/** The NETDATA control record identifiers (6 EBCDIC bytes after the segment header). */
public enum ControlRecordType {
    /** Header, always first. */
    INMR01,
    /** File utility control record, one or more per file; body starts with a 4-byte file number. */
    INMR02,
    /** Data control record, right before the data of each file. */
    INMR03,
    /** User control record. */
    INMR04,
    /** Trailer, always last. */
    INMR06,
    /** Acknowledgement (transmission INMR01, INMR07, INMR06). */
    INMR07;

    private final byte[] id = Cp1047.encode(name());

    /** @return a copy of the 6-byte EBCDIC identifier */
    public byte[] id() {
        return id.clone();
    }

    /** Writes the 6-byte EBCDIC identifier at {@code off}. */
    void writeId(byte[] dst, int off) {
        System.arraycopy(id, 0, dst, off, 6);
    }

    /** @return the type whose identifier starts at {@code off}, or null if none (at least 6 bytes must be available) */
    static ControlRecordType identify(byte[] b, int off) {
        for (ControlRecordType t : values()) {
            boolean match = true;
            for (int k = 0; k < 6 && match; k++) {
                match = b[off + k] == t.id[k];
            }
            if (match) {
                return t;
            }
        }
        return null;
    }
}
