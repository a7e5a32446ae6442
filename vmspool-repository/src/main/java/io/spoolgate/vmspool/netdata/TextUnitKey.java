package io.spoolgate.vmspool.netdata;

import java.util.Map;

/** NETDATA text unit keys (netdata.md section 3) and their mnemonics. */
public final class TextUnitKey {

    /** Data set name fields (CMS: filemode letter, filename, filetype). */
    public static final int INMDSNAM = 0x0002;
    /** Member names. */
    public static final int INMMEMBR = 0x0003;
    /** "Mail file" / data transmitted as a message; no values. */
    public static final int INMTERM = 0x0028;
    /** Block size. */
    public static final int INMBLKSZ = 0x0030;
    /** Data set organisation (X'4000' PS, X'0200' PO, X'0008' VSAM). */
    public static final int INMDSORG = 0x003C;
    /** Record length. */
    public static final int INMLRECL = 0x0042;
    /** Record format bits. */
    public static final int INMRECFM = 0x0049;
    /** Target node. */
    public static final int INMTNODE = 0x1001;
    /** Target user id. */
    public static final int INMTUID = 0x1002;
    /** Origin node. */
    public static final int INMFNODE = 0x1011;
    /** Origin user id. */
    public static final int INMFUID = 0x1012;
    /** Last change date. */
    public static final int INMLCHG = 0x1021;
    /** Creation date. */
    public static final int INMCREAT = 0x1022;
    /** Format version. */
    public static final int INMFVERS = 0x1023;
    /** Origin time stamp (GMT digits). */
    public static final int INMFTIME = 0x1024;
    /** Receipt notification requested. */
    public static final int INMFACK = 0x1026;
    /** Utility name (INMCOPY, IEBCOPY, ...). */
    public static final int INMUTILN = 0x1028;
    /** User parameter string. */
    public static final int INMUSERP = 0x1029;
    /** Transmitted record count. */
    public static final int INMRECCT = 0x102A;
    /** File size in bytes (approximate). */
    public static final int INMSIZE = 0x102C;
    /** CMS filemode number. */
    public static final int INMFFM = 0x102D;
    /** Number of files. */
    public static final int INMNUMF = 0x102F;

    private static final Map<Integer, String> NAMES = Map.ofEntries(
            Map.entry(0x0001, "INMDDNAM"), Map.entry(INMDSNAM, "INMDSNAM"), Map.entry(INMMEMBR, "INMMEMBR"),
            Map.entry(0x000B, "INMSECND"), Map.entry(0x000C, "INMDIR"), Map.entry(0x0022, "INMEXPDT"),
            Map.entry(INMTERM, "INMTERM"), Map.entry(INMBLKSZ, "INMBLKSZ"), Map.entry(INMDSORG, "INMDSORG"),
            Map.entry(INMLRECL, "INMLRECL"), Map.entry(INMRECFM, "INMRECFM"), Map.entry(INMTNODE, "INMTNODE"),
            Map.entry(INMTUID, "INMTUID"), Map.entry(INMFNODE, "INMFNODE"), Map.entry(INMFUID, "INMFUID"),
            Map.entry(0x1020, "INMLREF"), Map.entry(INMLCHG, "INMLCHG"), Map.entry(INMCREAT, "INMCREAT"),
            Map.entry(INMFVERS, "INMFVERS"), Map.entry(INMFTIME, "INMFTIME"), Map.entry(0x1025, "INMTTIME"),
            Map.entry(INMFACK, "INMFACK"), Map.entry(0x1027, "INMERRCD"), Map.entry(INMUTILN, "INMUTILN"),
            Map.entry(INMUSERP, "INMUSERP"), Map.entry(INMRECCT, "INMRECCT"), Map.entry(INMSIZE, "INMSIZE"),
            Map.entry(INMFFM, "INMFFM"), Map.entry(INMNUMF, "INMNUMF"), Map.entry(0x8012, "INMTYPE"),
            Map.entry(0x8018, "INMLSIZE"), Map.entry(0x8028, "INMEATTR"));

    private TextUnitKey() {
    }

    /** @return the mnemonic of {@code key}, or {@code X'kkkk'} for an unknown key */
    public static String name(int key) {
        String name = NAMES.get(key);
        return name != null ? name : String.format("X'%04X'", key);
    }
}
