package io.spoolgate.scan.banned;

/**
 * One banned file found in a message.
 *
 * @param fileName the offending name (for an archive member: {@code archive.zip/member.exe})
 * @param reason which rule matched
 */
public record BannedFinding(String fileName, String reason) {
    @Override
    public String toString() {
        return fileName + " (" + reason + ")";
    }
}
