package io.spoolgate.addressing.mapping;

import java.util.Optional;

import io.spoolgate.vmspool.directory.LdapAttributeLookup;
import io.spoolgate.vmspool.spool.VmUserid;

/**
 * Looks the recipient's address up in LDAP ({@code {0}} in the filter = the address) and takes the userid from the
 * configured attribute (default {@code vmuserid}). An entry whose attribute is not a valid userid is an error with the
 * address and the value, not a silent miss. Wrap in {@link CachingStrategy} for use at RCPT time.
 */
public final class LdapStrategy implements MappingStrategy {

    private final LdapAttributeLookup lookup;

    public LdapStrategy(LdapAttributeLookup lookup) {
        this.lookup = lookup;
    }

    @Override
    public String name() {
        return "ldap";
    }

    @Override
    public Optional<MappedUserid> map(RecipientAddress recipient) {
        return lookup.lookup(recipient.asString()).map(value -> {
            try {
                return MappedUserid.of(VmUserid.of(value));
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException("LDAP entry for " + recipient + " has " + lookup.settings().attribute()
                    + "='" + value + "', not a VM userid: " + e.getMessage(), e);
            }
        });
    }
}
