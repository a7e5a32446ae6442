package io.spoolgate.exit.rfc2505;

/** Looks a domain up in DNS. Blocking; implementations bound their own time. */
@FunctionalInterface
public interface DomainResolver {

    /** @param domain a domain name @return whether it exists */
    DomainStatus resolve(String domain);
}
