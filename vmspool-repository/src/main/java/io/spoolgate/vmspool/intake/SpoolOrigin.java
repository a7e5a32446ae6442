package io.spoolgate.vmspool.intake;

/**
 * Who punched a spool file to the SMTP service machine: the originating VM userid and node, and the spool id the file
 * had in the service machine's reader.
 */
public record SpoolOrigin(String userid, String node, int spoolId) {
}
