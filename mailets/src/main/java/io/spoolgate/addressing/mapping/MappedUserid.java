package io.spoolgate.addressing.mapping;

import java.util.Optional;

import io.spoolgate.vmspool.spool.DeliveryFormat;
import io.spoolgate.vmspool.spool.VmUserid;

/**
 * What one strategy answered: a userid and, when the strategy knows better than the chain's defaults, a delivery
 * format and file type.
 */
public record MappedUserid(VmUserid userid, Optional<DeliveryFormat> format, Optional<ReaderFileType> fileType) {

    public static MappedUserid of(VmUserid userid) {
        return new MappedUserid(userid, Optional.empty(), Optional.empty());
    }
}
