package io.spoolgate.vmspool.netdata;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What {@link NetdataWriter} puts in the control records of a one-file transmission.
 *
 * @param originNode   sending node (INMFNODE), 1..8 Latin-1 characters
 * @param originUserid sending user id (INMFUID), 1..8 characters
 * @param targetNode   receiving node (INMTNODE), 1..8 characters
 * @param targetUserid receiving user id (INMTUID), 1..8 characters
 * @param timestamp    origin time (INMFTIME, written as 20 GMT digits)
 * @param lrecl        the file's record length (INMR02 INMLRECL), at least 1; CMS NOTE uses 132, mail should use
 *                     {@code max(80, longest line + 1)}
 * @param sizeHint     approximate file size in bytes (INMSIZE of INMR02 and INMR03), 0 if unknown (CMS NOTE writes 0)
 * @param kind         NOTE (INMTERM) or FILE (INMDSNAM + INMFFM)
 * @param dsname       for FILE: the INMDSNAM fields, CMS style {@code [filemode, filename, filetype]}, e.g.
 *                     {@code [A, MAILER, MAIL]}; a filemode of letter + digit ({@code A1}) is written as the letter in
 *                     INMDSNAM and the digit in INMFFM, otherwise INMFFM is {@code 1}. Empty for NOTE.
 */
public record NetdataHeader(String originNode, String originUserid, String targetNode, String targetUserid,
                            Instant timestamp, int lrecl, long sizeHint, NetdataFileKind kind, List<String> dsname) {

    /** Validates every field (IllegalArgumentException naming the field). */
    public NetdataHeader {
        checkId("originNode", originNode);
        checkId("originUserid", originUserid);
        checkId("targetNode", targetNode);
        checkId("targetUserid", targetUserid);
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(kind, "kind");
        if (lrecl < 1) {
            throw new IllegalArgumentException("lrecl must be positive, was " + lrecl);
        }
        if (sizeHint < 0) {
            throw new IllegalArgumentException("sizeHint must not be negative, was " + sizeHint);
        }
        dsname = List.copyOf(dsname);
        if (kind == NetdataFileKind.NOTE && !dsname.isEmpty()) {
            throw new IllegalArgumentException("a NOTE has no dsname, got " + dsname);
        }
        if (kind == NetdataFileKind.FILE && dsname.isEmpty()) {
            throw new IllegalArgumentException("a FILE needs dsname fields, e.g. [A, MAILER, MAIL]");
        }
        for (String field : dsname) {
            if (field.isEmpty() || field.length() > 44 || field.chars().anyMatch(c -> c > 0xFF)) {
                throw new IllegalArgumentException("bad dsname field '" + field + "': 1..44 Latin-1 characters expected");
            }
        }
    }

    /** A mail note (INMTERM), size unknown (0). */
    public static NetdataHeader note(String originNode, String originUserid, String targetNode, String targetUserid,
                                     Instant timestamp, int lrecl) {
        return new NetdataHeader(originNode, originUserid, targetNode, targetUserid, timestamp, lrecl, 0,
                NetdataFileKind.NOTE, List.of());
    }

    /** A named file, e.g. {@code dsname = [A, MAILER, MAIL]}, size unknown (0). */
    public static NetdataHeader file(String originNode, String originUserid, String targetNode, String targetUserid,
                                     Instant timestamp, int lrecl, List<String> dsname) {
        return new NetdataHeader(originNode, originUserid, targetNode, targetUserid, timestamp, lrecl, 0,
                NetdataFileKind.FILE, dsname);
    }

    /** @return a copy with another INMSIZE hint */
    public NetdataHeader withSizeHint(long size) {
        return new NetdataHeader(originNode, originUserid, targetNode, targetUserid, timestamp, lrecl, size, kind, dsname);
    }

    private static void checkId(String what, String value) {
        Objects.requireNonNull(value, what);
        if (value.isEmpty() || value.length() > 8) {
            throw new IllegalArgumentException(what + " must be 1..8 characters (NJE), was '" + value + "'");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c <= ' ' || c > 0xFF) {
                throw new IllegalArgumentException(what + " '" + value + "' has a blank, control or non-Latin-1 character at index " + i);
            }
        }
    }
}
