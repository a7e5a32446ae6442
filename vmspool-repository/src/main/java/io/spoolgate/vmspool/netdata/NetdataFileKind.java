package io.spoolgate.vmspool.netdata;

/** What a written NETDATA file is, which decides its INMR02 name text units. */
public enum NetdataFileKind {
    /** A note / mail: INMR02 carries INMTERM and no INMDSNAM (what CMS NOTE and VM SMTP deliver). */
    NOTE,
    /** A named file: INMR02 carries INMDSNAM (CMS: filemode letter, filename, filetype) and INMFFM. */
    FILE
}
