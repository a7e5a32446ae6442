package io.spoolgate.vmspool.directory;

import io.spoolgate.vmspool.spool.VmUserid;

/** Which VM userids exist (the {@code CP QUERY userid} of VM SMTP): a file, CP itself, or LDAP. */
@FunctionalInterface
public interface VmUserDirectory {

    boolean exists(VmUserid userid);
}
