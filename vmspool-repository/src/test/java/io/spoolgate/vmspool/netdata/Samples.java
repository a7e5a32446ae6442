package io.spoolgate.vmspool.netdata;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Locates the shared real NETDATA samples (read in place, never copied). */
final class Samples {

    static final Path DIR = Path.of(System.getProperty("user.dir")).resolve("../../shared/testdata/netdata").normalize();

    static final String CMS_NOTE = "vm-cms-note-1993.netdata";
    static final String NETSERV = "vm-netserv-sendfile-domain-names.netdata";
    static final String LISTSERV = "vm-listserv-filelist.netdata";
    static final String MVS_MEMBER = "mvs-tso-transmit-member.netdata";
    static final String FUNET_BINARY = "funetnje-sendfile-binary.netdata";
    static final String XMIT_SEQ = "xmit370-seq.xmi";
    static final String XMIT_PDS = "xmit370-pds.xmi";
    static final String TSO_PDS_MSG = "tso-xmit-pds-with-message.xmi";

    static final String[] ALL = {CMS_NOTE, NETSERV, LISTSERV, MVS_MEMBER, FUNET_BINARY, XMIT_SEQ, XMIT_PDS, TSO_PDS_MSG};

    private Samples() {
    }

    static byte[] bytes(String name) throws IOException {
        return Files.readAllBytes(DIR.resolve(name));
    }
}
