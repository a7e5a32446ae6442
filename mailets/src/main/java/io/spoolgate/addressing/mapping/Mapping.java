package io.spoolgate.addressing.mapping;

import io.spoolgate.vmspool.spool.DeliveryFormat;
import io.spoolgate.vmspool.spool.VmUserid;

/**
 * Where a recipient goes: the reader of {@code userid}, in {@code format}, as a file of type {@code fileType};
 * {@code strategy} names what answered ({@code default}, {@code alias-table}, {@code alias-file}, {@code ldap},
 * {@code mailer}, or {@code default-user} when nothing did and the recipient is an unknown user).
 */
public record Mapping(VmUserid userid, DeliveryFormat format, ReaderFileType fileType, String strategy) {

    /** Name of the answer given to recipients no strategy knows. */
    public static final String DEFAULT_USER = "default-user";

    /** Whether no strategy knew the recipient (it goes to the default user). */
    public boolean unknownUser() {
        return DEFAULT_USER.equals(strategy);
    }

    /** The text the vmspool repository reads from the routes attribute: {@code USERID format FILETYPE}. */
    public String asRoute() {
        return userid.value() + " " + format.configName() + " " + fileType.name();
    }
}
