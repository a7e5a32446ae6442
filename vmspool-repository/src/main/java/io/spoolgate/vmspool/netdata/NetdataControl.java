package io.spoolgate.vmspool.netdata;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The control information of a NETDATA transmission: INMR01, all INMR02 (grouped per file), INMR04 and INMR07.
 *
 * @param originNode           INMFNODE ("" if absent)
 * @param originUserid         INMFUID ("" if absent)
 * @param targetNode           INMTNODE ("" if absent)
 * @param targetUserid         INMTUID ("" if absent)
 * @param timestampText        INMFTIME digits as sent ("" if absent)
 * @param timestamp            INMFTIME as an instant (GMT), null if absent or not a valid time stamp
 * @param numberOfFiles        INMNUMF (0 if absent)
 * @param files                per file, in file number order
 * @param headerUnits          all INMR01 text units, in order
 * @param userUnits            text units of INMR04 records, in order (empty if none)
 * @param acknowledgementUnits text units of an INMR07 (receipt acknowledgement), empty if none
 */
public record NetdataControl(String originNode, String originUserid, String targetNode, String targetUserid,
                             String timestampText, Instant timestamp, int numberOfFiles, List<NetdataFileInfo> files,
                             List<TextUnit> headerUnits, List<TextUnit> userUnits, List<TextUnit> acknowledgementUnits) {

    /** Freezes the lists. */
    public NetdataControl {
        files = List.copyOf(files);
        headerUnits = List.copyOf(headerUnits);
        userUnits = List.copyOf(userUnits);
        acknowledgementUnits = List.copyOf(acknowledgementUnits);
    }

    /** @return the first INMR01 unit with {@code key}, if any */
    public Optional<TextUnit> headerUnit(int key) {
        return headerUnits.stream().filter(u -> u.key() == key).findFirst();
    }

    /** @return the info of file {@code number} (from 1), empty if the transmission has no INMR02 for it */
    public Optional<NetdataFileInfo> findFile(int number) {
        return files.stream().filter(f -> f.fileNumber() == number).findFirst();
    }

    /**
     * @return the info of file {@code number} (from 1)
     * @throws IllegalArgumentException if there is no INMR02 for it (use {@link #findFile(int)} on untrusted input)
     */
    public NetdataFileInfo file(int number) {
        return findFile(number).orElseThrow(() -> new IllegalArgumentException("no INMR02 for file " + number + "; files: " + files.size()));
    }

    /** @return whether this transmission is a receipt acknowledgement (INMR07) */
    public boolean isAcknowledgement() {
        return !acknowledgementUnits.isEmpty();
    }
}
