package io.spoolgate.vmspool.directory;

import java.util.Hashtable;
import java.util.Optional;

import javax.naming.Context;
import javax.naming.NamingEnumeration;
import javax.naming.NamingException;
import javax.naming.directory.Attribute;
import javax.naming.directory.DirContext;
import javax.naming.directory.InitialDirContext;
import javax.naming.directory.SearchControls;
import javax.naming.directory.SearchResult;

/**
 * One LDAP question: search {@code baseDn} (whole subtree) with the filter, the value escaped into {@code {0}}, and
 * return the first value of the attribute of the first entry. Uses the JDK's LDAP provider with strict connect and read
 * timeouts and a fresh connection per question (callers cache the answers).
 */
public final class LdapAttributeLookup {

    private final LdapSettings settings;

    public LdapAttributeLookup(LdapSettings settings) {
        this.settings = settings;
    }

    public LdapSettings settings() {
        return settings;
    }

    /**
     * @return the attribute value, or empty when no entry matches or the entry lacks the attribute
     * @throws LdapLookupException when the directory cannot answer, with the URL and the reason
     */
    public Optional<String> lookup(String value) {
        String filter = settings.filter().replace("{0}", escapeFilterValue(value));
        DirContext context = null;
        try {
            context = new InitialDirContext(environment());
            SearchControls controls = new SearchControls();
            controls.setSearchScope(SearchControls.SUBTREE_SCOPE);
            controls.setReturningAttributes(new String[] {settings.attribute()});
            controls.setCountLimit(2);
            controls.setTimeLimit((int) Math.min(Integer.MAX_VALUE, settings.readTimeout().toMillis()));
            NamingEnumeration<SearchResult> results = context.search(settings.baseDn(), filter, controls);
            try {
                if (!results.hasMore()) {
                    return Optional.empty();
                }
                Attribute attribute = results.next().getAttributes().get(settings.attribute());
                if (attribute == null || attribute.size() == 0) {
                    return Optional.empty();
                }
                return Optional.of(String.valueOf(attribute.get(0)).trim());
            } finally {
                results.close();
            }
        } catch (javax.naming.SizeLimitExceededException e) {
            throw new LdapLookupException("LDAP " + settings.url() + ": filter " + filter + " matches more than one entry", e);
        } catch (NamingException | RuntimeException e) {
            throw new LdapLookupException("LDAP " + settings.url() + " base " + settings.baseDn() + " filter " + filter
                + ": " + e, e);
        } finally {
            if (context != null) {
                try {
                    context.close();
                } catch (NamingException ignored) {
                    // the connection is gone either way
                }
            }
        }
    }

    private Hashtable<String, Object> environment() {
        Hashtable<String, Object> env = new Hashtable<>();
        env.put(Context.INITIAL_CONTEXT_FACTORY, "com.sun.jndi.ldap.LdapCtxFactory");
        env.put(Context.PROVIDER_URL, settings.url());
        env.put("com.sun.jndi.ldap.connect.timeout", String.valueOf(settings.connectTimeout().toMillis()));
        env.put("com.sun.jndi.ldap.read.timeout", String.valueOf(settings.readTimeout().toMillis()));
        env.put(Context.REFERRAL, "ignore");
        if (settings.bindDn().isPresent()) {
            env.put(Context.SECURITY_AUTHENTICATION, "simple");
            env.put(Context.SECURITY_PRINCIPAL, settings.bindDn().get());
            env.put(Context.SECURITY_CREDENTIALS, settings.bindPassword());
        } else {
            env.put(Context.SECURITY_AUTHENTICATION, "none");
        }
        return env;
    }

    /** RFC 4515 escaping of a value placed in a search filter. */
    public static String escapeFilterValue(String value) {
        StringBuilder out = new StringBuilder(value.length() + 8);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '*' -> out.append("\\2a");
                case '(' -> out.append("\\28");
                case ')' -> out.append("\\29");
                case '\\' -> out.append("\\5c");
                case '\0' -> out.append("\\00");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
