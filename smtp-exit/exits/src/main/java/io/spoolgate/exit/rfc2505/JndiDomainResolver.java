package io.spoolgate.exit.rfc2505;

import javax.naming.NameNotFoundException;
import javax.naming.NamingException;
import javax.naming.directory.Attributes;
import javax.naming.directory.DirContext;
import javax.naming.directory.InitialDirContext;
import java.time.Duration;
import java.util.Hashtable;

/**
 * Resolves domains with the JDK's DNS client (JNDI {@code dns:}), asking for MX, A and AAAA records with a short
 * timeout and one retry, so a lookup never takes long (unlike {@code InetAddress}, which has no timeout).
 */
public final class JndiDomainResolver implements DomainResolver {
    private final Hashtable<String, String> environment = new Hashtable<>();

    /** @param timeout the first query's timeout (the JDK doubles it for the retry) */
    public JndiDomainResolver(Duration timeout) {
        environment.put("java.naming.factory.initial", "com.sun.jndi.dns.DnsContextFactory");
        environment.put("java.naming.provider.url", "dns:");
        environment.put("com.sun.jndi.dns.timeout.initial", String.valueOf(Math.max(1, timeout.toMillis())));
        environment.put("com.sun.jndi.dns.timeout.retries", "1");
    }

    @Override
    public DomainStatus resolve(String domain) {
        DirContext context = null;
        try {
            context = new InitialDirContext(environment);
            Attributes attributes = context.getAttributes(domain, new String[] {"MX", "A", "AAAA"});
            return attributes.size() > 0 ? DomainStatus.EXISTS : DomainStatus.NOT_FOUND;
        } catch (NameNotFoundException e) {
            return DomainStatus.NOT_FOUND;
        } catch (NamingException | RuntimeException e) {
            return DomainStatus.TEMPORARY_FAILURE;
        } finally {
            if (context != null) {
                try {
                    context.close();
                } catch (NamingException ignored) {
                    // nothing to release
                }
            }
        }
    }
}
