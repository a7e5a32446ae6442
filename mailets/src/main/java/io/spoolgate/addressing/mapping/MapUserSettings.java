package io.spoolgate.addressing.mapping;

import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;

import io.spoolgate.vmspool.directory.LdapSettings;
import io.spoolgate.vmspool.spool.DeliveryFormat;
import io.spoolgate.vmspool.spool.VmUserid;

/**
 * The MAPUSER configuration ({@code conf/mapuser.properties}), shared by the MapUser mailet, the RCPT hook and the
 * webadmin route so that all three give the same answer. Every key, its default and meaning is in
 * {@code mailets/ADDRESSING.md}. Unknown keys and bad values are refused with the key named.
 */
public final class MapUserSettings {

    /** Strategy names accepted in {@code chain}. */
    public static final Set<String> STRATEGIES = Set.of("default", "alias-table", "alias-file", "ldap", "mailer");

    private static final Set<String> KEYS = Set.of("chain", "defaultUser", "format", "fileType", "unknownUsers",
        "refuseRoutedLocalParts", "userDirectory", "userDirectory.file", "userDirectory.vmcp", "userDirectory.cacheTtl",
        "userDirectory.ldap.filter", "aliasFile", "mailer", "ldap.url", "ldap.baseDn", "ldap.filter", "ldap.attribute",
        "ldap.bindDn", "ldap.bindPassword", "ldap.connectTimeout", "ldap.readTimeout", "ldap.cacheTtl", "ldap.cacheSize");
    private static final List<String> PER_DOMAIN = List.of("chain.", "defaultUser.", "mailer.", "unknownUsers.");

    private final Properties properties;

    private MapUserSettings(Properties properties) {
        this.properties = properties;
    }

    /** @throws IllegalArgumentException on an unknown key or a bad value, naming it */
    public static MapUserSettings of(Properties properties) {
        for (String key : properties.stringPropertyNames()) {
            if (!KEYS.contains(key) && PER_DOMAIN.stream().noneMatch(p -> key.startsWith(p) && key.length() > p.length())) {
                throw new IllegalArgumentException("mapuser: unknown key '" + key + "'");
            }
        }
        MapUserSettings settings = new MapUserSettings(properties);
        settings.validate();
        return settings;
    }

    private void validate() {
        chain(null);
        domainsWithOwnChain().forEach(this::chain);
        defaultUser(null);
        format();
        fileType();
        unknownUsers();
        perDomainUnknownUsers();
        userDirectoryType();
        userDirectoryCacheTtl();
        ldapCacheTtl();
        ldapCacheSize();
        SettingDurations.parse("ldap.connectTimeout", get("ldap.connectTimeout", "2s"));
        SettingDurations.parse("ldap.readTimeout", get("ldap.readTimeout", "2s"));
        refuseRoutedLocalParts();
        if (usesLdap()) {
            ldap();
        }
    }

    private String get(String key, String defaultValue) {
        String v = properties.getProperty(key);
        return v == null || v.isBlank() ? defaultValue : v.trim();
    }

    /** Strategy names of {@code chain.<domain>}, else of {@code chain} (default {@code default}). */
    public List<String> chain(String domain) {
        String text = domain != null && properties.getProperty("chain." + domain) != null
            ? get("chain." + domain, "default") : get("chain", "default");
        List<String> names = Arrays.stream(text.split("[,\\s]+")).filter(s -> !s.isEmpty())
            .map(s -> s.toLowerCase(Locale.ROOT)).toList();
        for (String name : names) {
            if (!STRATEGIES.contains(name)) {
                throw new IllegalArgumentException("mapuser: chain" + (domain == null ? "" : "." + domain)
                    + " has unknown strategy '" + name + "' (expected " + String.join(", ", STRATEGIES.stream().sorted().toList()) + ")");
            }
        }
        if (names.isEmpty()) {
            throw new IllegalArgumentException("mapuser: chain" + (domain == null ? "" : "." + domain) + " is empty");
        }
        return names;
    }

    /** Domains (lower case) with a {@code chain.<domain>} key. */
    public List<String> domainsWithOwnChain() {
        return properties.stringPropertyNames().stream().filter(k -> k.startsWith("chain."))
            .map(k -> k.substring("chain.".length()).toLowerCase(Locale.ROOT)).sorted().toList();
    }

    private VmUserid userid(String key, String defaultValue) {
        try {
            return VmUserid.of(get(key, defaultValue));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("mapuser: " + key + ": " + e.getMessage());
        }
    }

    /** {@code defaultUser.<domain>}, else {@code defaultUser} (default {@code MAINT}). */
    public VmUserid defaultUser(String domain) {
        if (domain != null && properties.getProperty("defaultUser." + domain) != null) {
            return userid("defaultUser." + domain, "MAINT");
        }
        return userid("defaultUser", "MAINT");
    }

    /** {@code mailer.<domain>}, else {@code mailer} (default {@code MAILER}). */
    public VmUserid mailer(String domain) {
        if (domain != null && properties.getProperty("mailer." + domain) != null) {
            return userid("mailer." + domain, "MAILER");
        }
        return userid("mailer", "MAILER");
    }

    public DeliveryFormat format() {
        try {
            return DeliveryFormat.parse(get("format", "netdata"));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("mapuser: format: " + e.getMessage());
        }
    }

    public ReaderFileType fileType() {
        try {
            return ReaderFileType.parse(get("fileType", "MAIL"));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("mapuser: fileType: " + e.getMessage());
        }
    }

    public UnknownUserPolicy unknownUsers() {
        return UnknownUserPolicy.parse(get("unknownUsers", "default-user"));
    }

    /** {@code unknownUsers.<domain>}, else {@code unknownUsers} (default {@code default-user}). */
    public UnknownUserPolicy unknownUsers(String domain) {
        String own = properties.getProperty("unknownUsers." + domain);
        return own != null ? UnknownUserPolicy.parse(own) : unknownUsers();
    }

    public boolean refuseRoutedLocalParts() {
        String v = get("refuseRoutedLocalParts", "true").toLowerCase(Locale.ROOT);
        if (!v.equals("true") && !v.equals("false")) {
            throw new IllegalArgumentException("mapuser: refuseRoutedLocalParts='" + v + "' (expected true or false)");
        }
        return v.equals("true");
    }

    /** {@code file} (default), {@code vmcp} or {@code ldap}. */
    public String userDirectoryType() {
        String type = get("userDirectory", "file").toLowerCase(Locale.ROOT);
        if (!List.of("file", "vmcp", "ldap").contains(type)) {
            throw new IllegalArgumentException("mapuser: userDirectory='" + type + "' (expected file, vmcp or ldap)");
        }
        return type;
    }

    public String userDirectoryFile() {
        return get("userDirectory.file", "file://conf/vmusers");
    }

    public String vmcpCommand() {
        return get("userDirectory.vmcp", "vmcp");
    }

    public Duration userDirectoryCacheTtl() {
        return SettingDurations.parse("userDirectory.cacheTtl", get("userDirectory.cacheTtl", "60s"));
    }

    public String userDirectoryLdapFilter() {
        return get("userDirectory.ldap.filter", "(vmuserid={0})");
    }

    public String aliasFile() {
        return get("aliasFile", "file://conf/mapuser.aliases");
    }

    /** @return true if {@code unknownUsers} or any {@code unknownUsers.<domain>} is {@code reject} */
    public boolean rejectsUnknownUsers() {
        return unknownUsers() == UnknownUserPolicy.REJECT || perDomainUnknownUsers().contains(UnknownUserPolicy.REJECT);
    }

    /** The policies of every {@code unknownUsers.<domain>} key (each parsed, so a bad one throws). */
    private List<UnknownUserPolicy> perDomainUnknownUsers() {
        return properties.stringPropertyNames().stream().filter(k -> k.startsWith("unknownUsers."))
            .map(k -> UnknownUserPolicy.parse(properties.getProperty(k))).toList();
    }

    /** @return true if resolving a recipient may wait on the network or a command (LDAP, or {@code vmcp}) */
    public boolean lookupsMayBlock() {
        return usesLdap() || userDirectoryType().equals("vmcp");
    }

    public boolean usesLdap() {
        return userDirectoryType().equals("ldap") || chain(null).contains("ldap")
            || domainsWithOwnChain().stream().anyMatch(d -> chain(d).contains("ldap"));
    }

    /** @throws IllegalArgumentException when {@code ldap.url} or {@code ldap.baseDn} is missing */
    public LdapSettings ldap() {
        String url = properties.getProperty("ldap.url");
        String baseDn = properties.getProperty("ldap.baseDn");
        if (url == null || url.isBlank() || baseDn == null) {
            throw new IllegalArgumentException("mapuser: LDAP is used, so ldap.url and ldap.baseDn must be set");
        }
        try {
            return new LdapSettings(url.trim(), baseDn.trim(), get("ldap.filter", "(mail={0})"),
                get("ldap.attribute", "vmuserid"), Optional.ofNullable(properties.getProperty("ldap.bindDn"))
                    .map(String::trim).filter(s -> !s.isEmpty()), properties.getProperty("ldap.bindPassword", ""),
                SettingDurations.parse("ldap.connectTimeout", get("ldap.connectTimeout", "2s")),
                SettingDurations.parse("ldap.readTimeout", get("ldap.readTimeout", "2s")));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("mapuser: " + e.getMessage(), e);
        }
    }

    public Duration ldapCacheTtl() {
        return SettingDurations.parse("ldap.cacheTtl", get("ldap.cacheTtl", "5m"));
    }

    public int ldapCacheSize() {
        String v = get("ldap.cacheSize", "10000");
        try {
            int n = Integer.parseInt(v);
            if (n < 1) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("mapuser: ldap.cacheSize='" + v + "' is not a positive number");
        }
    }

    /** Per-domain keys and their values, for logs. */
    public Map<String, String> asMap() {
        Map<String, String> m = new LinkedHashMap<>();
        properties.stringPropertyNames().stream().sorted()
            .forEach(k -> m.put(k, k.equals("ldap.bindPassword") ? "****" : properties.getProperty(k)));
        return m;
    }
}
