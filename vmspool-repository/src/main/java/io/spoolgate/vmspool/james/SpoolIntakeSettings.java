package io.spoolgate.vmspool.james;

import java.util.Locale;

import org.apache.commons.configuration2.Configuration;

import io.spoolgate.vmspool.spool.VmUserid;

/**
 * Settings of the spool intake, from {@code conf/spoolintake.properties} (all optional):
 * <table>
 * <caption>keys</caption>
 * <tr><th>key</th><th>default</th><th>meaning</th></tr>
 * <tr><td>enabled</td><td>true</td><td>take mail from the service machine's reader</td></tr>
 * <tr><td>userid</td><td>SMTP</td><td>the service machine whose reader is read (VM users punch mail to it)</td></tr>
 * <tr><td>spoolRoot</td><td>file://spool</td><td>the directory spool (the service machine's reader is the folder
 *   named after it)</td></tr>
 * <tr><td>rejectedRoot</td><td>file://spool-rejected</td><td>where files that cannot be decoded are kept, each with a
 *   {@code .reason} file</td></tr>
 * <tr><td>domain</td><td>vm.example</td><td>qualifies bare userids: the sender of a note is {@code userid@domain}</td></tr>
 * <tr><td>node</td><td>VMNODE</td><td>the local node, for files whose origin node is unknown</td></tr>
 * <tr><td>pollSeconds</td><td>2</td><td>polling interval behind the file-system watch</td></tr>
 * <tr><td>notifySender</td><td>true</td><td>punch a note to the sender's reader when a file is rejected or a
 *   recipient refused</td></tr>
 * <tr><td>backend</td><td>directory</td><td>{@code directory} (the folder {@code spoolRoot/USERID}) or {@code vmur} (this
 *   guest's own z/VM reader: {@code vmur list/receive/purge})</td></tr>
 * <tr><td>transferFrom</td><td>(none)</td><td>vmur: pull files still punched to this old SMTP machine with
 *   {@code vmcp transfer USERID rdr all to *} (CP class D)</td></tr>
 * <tr><td>transferSeconds</td><td>5</td><td>vmur: at most one TRANSFER per this many seconds</td></tr>
 * </table>
 */
public record SpoolIntakeSettings(boolean enabled, VmUserid userid, String spoolRoot, String rejectedRoot,
                                  String domain, String node, int pollSeconds, boolean notifySender, String backend,
                                  java.util.Optional<String> transferFrom, int transferSeconds) {

    public static SpoolIntakeSettings defaults() {
        return from(new org.apache.commons.configuration2.BaseConfiguration());
    }

    private static String backend(String value) {
        String b = value.trim().toLowerCase(Locale.ROOT);
        if (!b.equals("directory") && !b.equals("vmur")) {
            throw new IllegalArgumentException("spoolintake backend must be directory or vmur, not '" + value + "'");
        }
        return b;
    }

    /** @throws IllegalArgumentException naming the key of a bad value */
    public static SpoolIntakeSettings from(Configuration c) {
        int poll = c.getInt("pollSeconds", 2);
        if (poll < 1 || poll > 3600) {
            throw new IllegalArgumentException("spoolintake pollSeconds must be 1..3600, not " + poll);
        }
        String domain = c.getString("domain", "vm.example").trim().toLowerCase(Locale.ROOT);
        if (domain.isEmpty() || domain.contains("@")) {
            throw new IllegalArgumentException("spoolintake domain must be a domain name, not '" + domain + "'");
        }
        return new SpoolIntakeSettings(
            c.getBoolean("enabled", true),
            VmUserid.of(c.getString("userid", "SMTP").trim()),
            c.getString("spoolRoot", "file://spool").trim(),
            c.getString("rejectedRoot", "file://spool-rejected").trim(),
            domain,
            c.getString("node", "VMNODE").trim().toUpperCase(Locale.ROOT),
            poll,
            c.getBoolean("notifySender", true),
            backend(c.getString("backend", "directory")),
            java.util.Optional.ofNullable(c.getString("transferFrom", null)).map(String::trim).filter(t -> !t.isEmpty())
                .map(t -> VmUserid.of(t).value()),
            c.getInt("transferSeconds", 5));
    }
}
