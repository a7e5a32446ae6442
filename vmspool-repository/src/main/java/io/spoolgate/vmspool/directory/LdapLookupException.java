package io.spoolgate.vmspool.directory;

/** The LDAP directory could not answer (down, timed out, refused the bind, bad filter). */
public final class LdapLookupException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public LdapLookupException(String message, Throwable cause) {
        super(message, cause);
    }
}
