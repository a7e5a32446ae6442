package io.spoolgate.vmspool.directory;

import io.spoolgate.vmspool.spool.VmUserid;

/**
 * The VM user directory kept in LDAP: a userid exists when the search (filter with {@code {0}} = the userid, e.g.
 * {@code (vmuserid={0})}) finds an entry. Wrap it in a {@link CachedUserDirectory} to spare the directory.
 * {@link #exists} throws {@link LdapLookupException} when the directory cannot answer: an outage is not a "no".
 */
public final class LdapUserDirectory implements VmUserDirectory {

    private final LdapAttributeLookup lookup;

    public LdapUserDirectory(LdapAttributeLookup lookup) {
        this.lookup = lookup;
    }

    @Override
    public boolean exists(VmUserid userid) {
        return lookup.lookup(userid.value()).isPresent();
    }
}
