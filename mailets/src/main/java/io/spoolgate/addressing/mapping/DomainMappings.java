package io.spoolgate.addressing.mapping;

import java.util.Map;
import java.util.Optional;

/**
 * MAPUSER for several local domains: each domain may have its own chain; the others use the common chain.
 */
public final class DomainMappings {

    private final Map<String, MappingChain> byDomain;
    private final MappingChain common;

    /** @param byDomain chains keyed by lower-case domain */
    public DomainMappings(Map<String, MappingChain> byDomain, MappingChain common) {
        this.byDomain = Map.copyOf(byDomain);
        this.common = common;
    }

    public Mapping resolve(RecipientAddress recipient) {
        return chainFor(recipient.domain()).resolve(recipient);
    }

    public MappingChain chainFor(String domain) {
        return Optional.ofNullable(byDomain.get(domain)).orElse(common);
    }
}
