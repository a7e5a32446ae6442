package io.spoolgate.addressing.mapping;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.spoolgate.vmspool.directory.CachedUserDirectory;
import io.spoolgate.vmspool.directory.FileVmUserDirectory;
import io.spoolgate.vmspool.directory.LdapAttributeLookup;
import io.spoolgate.vmspool.directory.LdapUserDirectory;
import io.spoolgate.vmspool.directory.VmUserDirectory;
import io.spoolgate.vmspool.directory.VmcpUserDirectory;

/** Builds the per-domain mapping chains from {@link MapUserSettings}; strategies are shared between chains. */
public final class MapUserFactory {

    private final MapUserSettings settings;
    private final MapUserEnvironment environment;
    private VmUserDirectory directory;
    private MappingStrategy aliasFile;
    private MappingStrategy ldap;

    public MapUserFactory(MapUserSettings settings, MapUserEnvironment environment) {
        this.settings = settings;
        this.environment = environment;
    }

    /** @throws IllegalArgumentException when a configured file is missing or broken, or alias-table has no table */
    public DomainMappings build() {
        Map<String, MappingChain> byDomain = new HashMap<>();
        for (String domain : settings.domainsWithOwnChain()) {
            byDomain.put(domain, chain(domain));
        }
        return new DomainMappings(byDomain, chain(null));
    }

    private MappingChain chain(String domain) {
        List<MappingStrategy> strategies = new ArrayList<>();
        for (String name : settings.chain(domain)) {
            strategies.add(strategy(name, domain));
        }
        return new MappingChain(strategies, settings.defaultUser(domain), settings.format(), settings.fileType());
    }

    private MappingStrategy strategy(String name, String domain) {
        return switch (name) {
            case "default" -> new DefaultRuleStrategy(userDirectory());
            case "mailer" -> new MailerStrategy(settings.mailer(domain));
            case "alias-file" -> {
                if (aliasFile == null) {
                    aliasFile = new AliasFileStrategy(environment.locations().resolve(settings.aliasFile()));
                }
                yield aliasFile;
            }
            case "ldap" -> {
                if (ldap == null) {
                    ldap = new CachingStrategy(new LdapStrategy(new LdapAttributeLookup(settings.ldap())),
                        settings.ldapCacheTtl(), settings.ldapCacheSize());
                }
                yield ldap;
            }
            case "alias-table" -> environment.aliasTable().orElseThrow(() -> new IllegalArgumentException(
                "mapuser: strategy alias-table needs James's RecipientRewriteTable, which is not available here"));
            default -> throw new IllegalArgumentException("mapuser: unknown strategy '" + name + "'");
        };
    }

    /** The VM user directory of {@code userDirectory} ({@code file}, {@code vmcp} or {@code ldap}). */
    public VmUserDirectory userDirectory() {
        if (directory == null) {
            directory = switch (settings.userDirectoryType()) {
                case "vmcp" -> new CachedUserDirectory(new VmcpUserDirectory(environment.commands(),
                    settings.vmcpCommand()), settings.userDirectoryCacheTtl(), 10_000);
                case "ldap" -> new CachedUserDirectory(new LdapUserDirectory(new LdapAttributeLookup(settings.ldap()
                    .withQuery(settings.userDirectoryLdapFilter(), settings.ldap().attribute()))),
                    settings.userDirectoryCacheTtl(), 10_000);
                default -> new FileVmUserDirectory(environment.locations().resolve(settings.userDirectoryFile()));
            };
        }
        return directory;
    }
}
