package io.spoolgate.vmspool.james;

import org.apache.mailet.AttributeName;

/**
 * Mail attributes Spoolgate reads and writes. Set them with the stock {@code SetMailAttribute} mailet or from
 * Spoolgate's own mailets (MAPUSER sets the routes).
 */
public final class SpoolgateAttributes {

    /**
     * Per-recipient route into a reader: a map from recipient address to {@code USERID[ FORMAT[ FILETYPE]]}, e.g.
     * {@code "USER1"} or {@code "MAILER bsmtp MAIL"}. Recipients without an entry follow the repository's default rule.
     */
    public static final AttributeName ROUTES = AttributeName.of("spoolgate.routes");
    /** Delivery format for the whole mail: {@code netdata}, {@code bsmtp} or {@code bsmtp-cards}. */
    public static final AttributeName FORMAT = AttributeName.of("spoolgate.format");
    /** CMS file type of the reader file for the whole mail ({@code MAIL} or {@code NOTE}). */
    public static final AttributeName FILE_TYPE = AttributeName.of("spoolgate.filetype");
    /** Where a mail came from: {@code spool} for mail read from the VM spool (absent for SMTP). */
    public static final AttributeName ORIGIN = AttributeName.of("spoolgate.origin");
    /** For spool mail: the VM userid that punched it. */
    public static final AttributeName SPOOL_USERID = AttributeName.of("spoolgate.spool.userid");
    /** For spool mail: the node of that userid. */
    public static final AttributeName SPOOL_NODE = AttributeName.of("spoolgate.spool.node");
    /** For spool mail: the spool id the file had in the service machine's reader. */
    public static final AttributeName SPOOL_ID = AttributeName.of("spoolgate.spool.id");
    /** Reader files a mail was punched into: a list of {@code USERID-NNNN} keys (set by the vmspool repository). */
    public static final AttributeName PUNCHED = AttributeName.of("spoolgate.punched");

    private SpoolgateAttributes() {
    }
}
