package io.spoolgate.vmspool.james;

import java.util.Locale;

import org.apache.commons.configuration2.HierarchicalConfiguration;
import org.apache.commons.configuration2.tree.ImmutableNode;

import io.spoolgate.vmspool.spool.DeliveryFormat;
import io.spoolgate.vmspool.spool.ReaderFileEncoder;
import io.spoolgate.vmspool.spool.SpoolDurability;
import io.spoolgate.vmspool.spool.SpoolNames;
import io.spoolgate.vmspool.spool.VmUserid;

/**
 * Settings of a {@code vmspool://} repository, from the {@code <config>} element of its {@code mailrepositorystore.xml}
 * entry:
 * <table>
 * <caption>keys</caption>
 * <tr><th>key</th><th>default</th><th>meaning</th></tr>
 * <tr><td>backend</td><td>directory</td><td>{@code directory} (readers as folders) or {@code vmur} (z/VM spool)</td></tr>
 * <tr><td>spoolRoot</td><td>file://spool</td><td>directory backend: the folder holding one folder per reader; vmur:
 *   staging folder</td></tr>
 * <tr><td>format</td><td>netdata</td><td>{@code netdata}, {@code bsmtp}, {@code bsmtp-cards}; a URL ending in one of
 *   these names overrides it</td></tr>
 * <tr><td>userDirectory</td><td>file://conf/vmusers</td><td>file listing the VM userids</td></tr>
 * <tr><td>defaultUser</td><td>MAINT</td><td>reader for recipients whose userid is unknown</td></tr>
 * <tr><td>spoolClass</td><td>A</td><td>spool class of punched files</td></tr>
 * <tr><td>fileType</td><td>MAIL</td><td>CMS file type of punched files ({@code MAIL} or {@code NOTE})</td></tr>
 * <tr><td>originUserid</td><td>SMTP</td><td>userid of the spool service (origin of the files, INMFUID)</td></tr>
 * <tr><td>localNode</td><td>VMNODE</td><td>NJE node of this system (INMFNODE, INMTNODE)</td></tr>
 * <tr><td>primaryHostname</td><td>localhost</td><td>host name in BSMTP {@code HELO}</td></tr>
 * <tr><td>lrecl</td><td>auto</td><td>{@code auto} = max(80, longest line + 1), or a fixed record length &ge; 80 (longer
 *   lines split reversibly)</td></tr>
 * <tr><td>punchDevice</td><td>00d</td><td>vmur backend: the guest's virtual punch</td></tr>
 * <tr><td>durability</td><td>auto</td><td>directory backend: how a punched reader file is made durable before the
 *   punch returns: {@code syncfs} (one group-committed {@code syncfs(2)} of the spool's file system for all punches
 *   under way; give the spool a file system of its own if heavy writers share it), {@code fsync} (each file and its
 *   folder fsync'd), {@code auto} ({@code syncfs} where it works, else {@code fsync})</td></tr>
 * </table>
 */
public record VmSpoolSettings(String backend, String spoolRoot, DeliveryFormat format, String userDirectory,
                              VmUserid defaultUser, char spoolClass, String fileType, VmUserid originUserid,
                              String localNode, String primaryHostname, int lrecl, String punchDevice,
                              SpoolDurability durability) {

    /**
     * @param path the repository URL path; a last segment naming a format overrides {@code format}
     * @throws IllegalArgumentException naming the key when a value is invalid
     */
    public static VmSpoolSettings from(HierarchicalConfiguration<ImmutableNode> c, String path) {
        String backend = c.getString("backend", "directory").trim().toLowerCase(Locale.ROOT);
        if (!backend.equals("directory") && !backend.equals("vmur")) {
            throw new IllegalArgumentException("vmspool backend must be directory or vmur, not '" + backend + "'");
        }
        DeliveryFormat format = DeliveryFormat.parse(c.getString("format", "netdata"));
        String last = path.contains("/") ? path.substring(path.lastIndexOf('/') + 1) : "";
        for (DeliveryFormat f : DeliveryFormat.values()) {
            if (f.configName().equals(last.toLowerCase(Locale.ROOT))) {
                format = f;
            }
        }
        String spoolClass = c.getString("spoolClass", "A").trim();
        if (spoolClass.length() != 1 || !Character.isLetterOrDigit(spoolClass.charAt(0))) {
            throw new IllegalArgumentException("vmspool spoolClass must be one letter or digit, not '" + spoolClass + "'");
        }
        String lreclText = c.getString("lrecl", "auto").trim();
        int lrecl;
        if (lreclText.equalsIgnoreCase("auto")) {
            lrecl = ReaderFileEncoder.AUTO_LRECL;
        } else {
            try {
                lrecl = Integer.parseInt(lreclText);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("vmspool lrecl must be auto or a number, not '" + lreclText + "'");
            }
            if (lrecl < 80 || lrecl > 65535) {
                throw new IllegalArgumentException("vmspool lrecl must be between 80 and 65535, not " + lrecl);
            }
        }
        String node = c.getString("localNode", "VMNODE").trim().toUpperCase(Locale.ROOT);
        if (node.isEmpty() || node.length() > 8) {
            throw new IllegalArgumentException("vmspool localNode must be 1-8 characters, not '" + node + "'");
        }
        return new VmSpoolSettings(backend,
            c.getString("spoolRoot", "file://spool").trim(),
            format,
            c.getString("userDirectory", "file://conf/vmusers").trim(),
            VmUserid.of(c.getString("defaultUser", "MAINT").trim()),
            Character.toUpperCase(spoolClass.charAt(0)),
            SpoolNames.cmsName(c.getString("fileType", "MAIL")),
            VmUserid.of(c.getString("originUserid", "SMTP").trim()),
            node,
            c.getString("primaryHostname", "localhost").trim(),
            lrecl,
            c.getString("punchDevice", "00d").trim(),
            SpoolDurability.parse(c.getString("durability", "auto")));
    }
}
