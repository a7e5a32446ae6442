package io.spoolgate.scan;

import io.spoolgate.scan.banned.BannedNameRules;
import io.spoolgate.scan.banned.BannedTypeRules;
import io.spoolgate.scan.clamav.ClamdClient;
import io.spoolgate.scan.policy.ScanPolicies;
import io.spoolgate.scan.policy.SpamHeaderScope;
import io.spoolgate.scan.spamassassin.SpamdClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;

/**
 * Site-wide scanning settings, read from {@code scanning.properties}. Every key is optional:
 *
 * <table>
 *   <caption>keys</caption>
 *   <tr><td>clamd.socket</td><td>unix socket path; when set it is used instead of TCP (default: none)</td></tr>
 *   <tr><td>clamd.host / clamd.port</td><td>127.0.0.1 / 3310</td></tr>
 *   <tr><td>clamd.connectTimeout / clamd.timeout</td><td>2s / 30s (whole exchange)</td></tr>
 *   <tr><td>clamd.chunkSize</td><td>65536 bytes per INSTREAM chunk</td></tr>
 *   <tr><td>spamd.socket</td><td>unix socket path (default: none)</td></tr>
 *   <tr><td>spamd.host / spamd.port</td><td>127.0.0.1 / 783</td></tr>
 *   <tr><td>spamd.connectTimeout / spamd.timeout</td><td>2s / 30s</td></tr>
 *   <tr><td>spamd.maxSize</td><td>512000 bytes; larger mails are not sent to spamd</td></tr>
 *   <tr><td>spamd.user</td><td>spamd User: for scans and learning; the default of {@code policy.<name>.spamdUser}
 *       (default none)</td></tr>
 *   <tr><td>spam.headers</td><td>{@code local} (default): X-Spam-* headers, subject tag and defanging only for
 *       recipients in a local domain; {@code all}: for every recipient</td></tr>
 *   <tr><td>banned.extensions</td><td>exe,vbs,pif,scr,bat,com</td></tr>
 *   <tr><td>banned.doubleExtensions</td><td>true</td></tr>
 *   <tr><td>banned.executables</td><td>exe,vbs,pif,scr,bat,cmd,com,cpl,dll,js,jar</td></tr>
 *   <tr><td>banned.allow</td><td>whitespace-separated regular expressions of allowed names (default none); an
 *       allowed name is exempt from the type and content rules too</td></tr>
 *   <tr><td>banned.types</td><td>banned declared Content-Types, {@code type/subtype} or {@code type/*} (default
 *       {@link BannedTypeRules#DEFAULT_DECLARED}; empty = none)</td></tr>
 *   <tr><td>banned.sniff</td><td>banned content types from the first bytes of each decoded part and zip member:
 *       exe, elf, macho, script, lnk, zip (default exe,elf,lnk; empty = none)</td></tr>
 *   <tr><td>quarantine.repositories</td><td>file://var/mail/quarantine/virus/, …/spam/, …/banned/</td></tr>
 *   <tr><td>quarantine.retention</td><td>7d</td></tr>
 *   <tr><td>quarantine.purgeInterval</td><td>1h</td></tr>
 *   <tr><td>policy.*, recipient.*</td><td>see {@link ScanPolicies}</td></tr>
 * </table>
 *
 * @param clamd the clamd client
 * @param spamd the spamd client
 * @param spamdUser optional global spamd user (default of each policy's {@code spamdUser})
 * @param bannedRules banned file-name rules
 * @param bannedTypes banned declared-type and content rules
 * @param policies per-recipient threshold policies
 * @param quarantineRepositories repositories purged by retention
 * @param retention age after which quarantined mail is purged
 * @param purgeInterval how often the purge runs
 * @param spamHeaders which recipients get spam headers
 */
public record ScanSettings(ClamdClient clamd, SpamdClient spamd, String spamdUser, BannedNameRules bannedRules,
                           BannedTypeRules bannedTypes,
                           ScanPolicies policies, List<String> quarantineRepositories, Duration retention,
                           Duration purgeInterval, SpamHeaderScope spamHeaders) {

    /**
     * @param p the properties
     * @return the settings
     * @throws IllegalArgumentException naming the key at fault
     */
    public static ScanSettings parse(Properties p) {
        ScannerEndpoint clamdEndpoint = endpoint(p, "clamd", 3310);
        ScannerEndpoint spamdEndpoint = endpoint(p, "spamd", 783);
        ClamdClient clamd = new ClamdClient(clamdEndpoint, integer(p, "clamd.chunkSize", 65536));
        SpamdClient spamd = new SpamdClient(spamdEndpoint, integer(p, "spamd.maxSize", 512_000));
        BannedNameRules rules = new BannedNameRules(
            list(p.getProperty("banned.extensions", String.join(",", BannedNameRules.DEFAULT_EXTENSIONS))),
            Boolean.parseBoolean(p.getProperty("banned.doubleExtensions", "true").strip()),
            list(p.getProperty("banned.executables", String.join(",", BannedNameRules.DEFAULT_EXECUTABLES))),
            Arrays.stream(p.getProperty("banned.allow", "").strip().split("\\s+")).filter(s -> !s.isEmpty()).toList());
        BannedTypeRules types = new BannedTypeRules(
            list(p.getProperty("banned.types", String.join(",", BannedTypeRules.DEFAULT_DECLARED))),
            list(p.getProperty("banned.sniff", String.join(",", BannedTypeRules.DEFAULT_SNIFFED))));
        List<String> repositories = list(p.getProperty("quarantine.repositories",
            "file://var/mail/quarantine/virus/,file://var/mail/quarantine/spam/,file://var/mail/quarantine/banned/"));
        return new ScanSettings(clamd, spamd, p.getProperty("spamd.user", "").strip(), rules, types, ScanPolicies.parse(p),
            repositories, Durations.parse(p.getProperty("quarantine.retention", "7d"), "quarantine.retention"),
            Durations.parse(p.getProperty("quarantine.purgeInterval", "1h"), "quarantine.purgeInterval"),
            SpamHeaderScope.parse(p.getProperty("spam.headers", "local"), "spam.headers"));
    }

    private static ScannerEndpoint endpoint(Properties p, String daemon, int defaultPort) {
        Duration connect = Durations.parse(p.getProperty(daemon + ".connectTimeout", "2s"), daemon + ".connectTimeout");
        Duration timeout = Durations.parse(p.getProperty(daemon + ".timeout", "30s"), daemon + ".timeout");
        String socket = p.getProperty(daemon + ".socket", "").strip();
        if (!socket.isEmpty()) {
            return ScannerEndpoint.unix(Path.of(socket), connect, timeout);
        }
        return ScannerEndpoint.tcp(p.getProperty(daemon + ".host", "127.0.0.1").strip(),
            integer(p, daemon + ".port", defaultPort), connect, timeout);
    }

    private static int integer(Properties p, String key, int fallback) {
        String v = p.getProperty(key);
        if (v == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(v.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + ": not an integer: '" + v + "'");
        }
    }

    private static List<String> list(String csv) {
        return Arrays.stream(csv.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }
}
