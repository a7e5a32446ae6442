package io.spoolgate.vmspool.intake;

/**
 * A file waiting in the service machine's reader, as the reader lists it.
 *
 * @param spoolId  its spool id
 * @param key      how logs and webadmin name it ({@code SMTP-0042})
 * @param origin   the userid that punched it (CP's ORIGINID)
 * @param node     its node when known, else empty
 * @param fileName the CMS file name
 * @param fileType the CMS file type
 */
public record IncomingFile(int spoolId, String key, String origin, String node, String fileName, String fileType) {
}
