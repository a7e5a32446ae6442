package io.spoolgate.vmspool.netdata;

import java.util.ArrayList;
import java.util.List;

/**
 * What the INMR02 records of one file say. Numeric attributes come from the last INMR02 of the file that carries
 * them (INMCOPY is the last INMR02 of a file and describes the transmitted sequential form); names from the first.
 *
 * @param fileNumber     the file number (from 1)
 * @param utilityNames   INMUTILN of each INMR02, in order (e.g. [IEBCOPY, INMCOPY])
 * @param lrecl          INMLRECL, -1 if absent
 * @param recfm          INMRECFM bits, -1 if absent
 * @param dsorg          INMDSORG, -1 if absent
 * @param size           INMSIZE, -1 if absent
 * @param dsname         INMDSNAM fields (CMS: filemode letter, filename, filetype), empty if absent
 * @param filemode       INMFFM, "" if absent
 * @param term           whether INMTERM is present (a note / message)
 * @param controlRecords the raw text units of each INMR02 of the file, in order
 */
public record NetdataFileInfo(int fileNumber, List<String> utilityNames, long lrecl, int recfm, int dsorg, long size,
                              List<String> dsname, String filemode, boolean term, List<List<TextUnit>> controlRecords) {

    /** Freezes the lists. */
    public NetdataFileInfo {
        utilityNames = List.copyOf(utilityNames);
        dsname = List.copyOf(dsname);
        List<List<TextUnit>> copy = new ArrayList<>();
        for (List<TextUnit> r : controlRecords) {
            copy.add(List.copyOf(r));
        }
        controlRecords = List.copyOf(copy);
    }

    /** Builds the summary of one file from its INMR02 text unit lists. */
    static NetdataFileInfo of(int fileNumber, List<List<TextUnit>> records) {
        List<String> utilities = new ArrayList<>();
        long lrecl = -1;
        long size = -1;
        int recfm = -1;
        int dsorg = -1;
        List<String> dsname = List.of();
        String filemode = "";
        boolean term = false;
        for (List<TextUnit> units : records) {
            for (TextUnit u : units) {
                switch (u.key()) {
                    case TextUnitKey.INMUTILN -> utilities.add(u.text());
                    case TextUnitKey.INMLRECL -> lrecl = u.number();
                    case TextUnitKey.INMSIZE -> size = u.number();
                    case TextUnitKey.INMRECFM -> recfm = (int) u.number();
                    case TextUnitKey.INMDSORG -> dsorg = (int) u.number();
                    case TextUnitKey.INMDSNAM -> {
                        if (dsname.isEmpty()) {
                            dsname = u.texts();
                        }
                    }
                    case TextUnitKey.INMFFM -> {
                        if (filemode.isEmpty()) {
                            filemode = u.text();
                        }
                    }
                    case TextUnitKey.INMTERM -> term = true;
                    default -> {
                        // kept in controlRecords only
                    }
                }
            }
        }
        return new NetdataFileInfo(fileNumber, utilities, lrecl, recfm, dsorg, size, dsname, filemode, term, records);
    }
}
