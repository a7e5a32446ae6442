package io.spoolgate.vmspool.directory;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How to reach an LDAP directory and what to ask it.
 *
 * @param url            {@code ldap://host:port/} (or {@code ldaps://})
 * @param baseDn         where searches start, e.g. {@code ou=people,dc=vm,dc=example}
 * @param filter         search filter with {@code {0}} for the looked-up value (escaped per RFC 4515), e.g.
 *                       {@code (mail={0})}
 * @param attribute      the attribute whose value is the answer, e.g. {@code vmuserid}
 * @param bindDn         DN to bind as; empty for an anonymous bind
 * @param bindPassword   password of {@code bindDn}
 * @param connectTimeout limit on opening the connection
 * @param readTimeout    limit on waiting for an answer
 */
public record LdapSettings(String url, String baseDn, String filter, String attribute, Optional<String> bindDn,
                           String bindPassword, Duration connectTimeout, Duration readTimeout) {

    public LdapSettings {
        Objects.requireNonNull(url, "LDAP url");
        if (!url.startsWith("ldap://") && !url.startsWith("ldaps://")) {
            throw new IllegalArgumentException("LDAP url '" + url + "' must start with ldap:// or ldaps://");
        }
        Objects.requireNonNull(baseDn, "LDAP base DN");
        if (filter == null || !filter.contains("{0}")) {
            throw new IllegalArgumentException("LDAP filter '" + filter + "' must contain {0} for the looked-up value");
        }
        if (attribute == null || attribute.isBlank()) {
            throw new IllegalArgumentException("LDAP attribute is empty");
        }
        if (connectTimeout.isNegative() || connectTimeout.isZero() || readTimeout.isNegative() || readTimeout.isZero()) {
            throw new IllegalArgumentException("LDAP timeouts must be positive (connect " + connectTimeout + ", read "
                + readTimeout + ")");
        }
        bindPassword = bindPassword == null ? "" : bindPassword;
    }

    /** The same directory with another filter and attribute. */
    public LdapSettings withQuery(String otherFilter, String otherAttribute) {
        return new LdapSettings(url, baseDn, otherFilter, otherAttribute, bindDn, bindPassword, connectTimeout, readTimeout);
    }

    @Override
    public String toString() {
        return "LdapSettings[url=" + url + ", baseDn=" + baseDn + ", filter=" + filter + ", attribute=" + attribute
            + ", bindDn=" + bindDn.orElse("(anonymous)") + ", connectTimeout=" + connectTimeout + ", readTimeout="
            + readTimeout + "]";
    }
}
