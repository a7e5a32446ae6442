package io.spoolgate.scan.clamav;

import io.spoolgate.scan.ScannerUnavailableException;

/**
 * Interprets clamd's one-line answers to {@code zINSTREAM} (with or without the {@code stream: } prefix or a
 * request number).
 */
final class ClamdReplyParser {
    private ClamdReplyParser() {
    }

    static VirusScanResult parse(String reply, String where) throws ScannerUnavailableException {
        String line = reply.strip();
        if (line.contains("size limit exceeded")) {
            return VirusScanResult.tooLarge();
        }
        int colon = line.indexOf(": ");
        String verdict = colon >= 0 ? line.substring(colon + 2) : line;
        if (verdict.equals("OK")) {
            return VirusScanResult.clean();
        }
        if (verdict.endsWith(" FOUND")) {
            return VirusScanResult.infected(verdict.substring(0, verdict.length() - " FOUND".length()).strip());
        }
        throw new ScannerUnavailableException("clamd at " + where + " answered '" + abbreviate(line) + "' instead of a verdict");
    }

    private static String abbreviate(String s) {
        return s.length() > 200 ? s.substring(0, 200) + "…" : s;
    }
}
