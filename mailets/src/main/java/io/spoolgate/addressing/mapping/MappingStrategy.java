package io.spoolgate.addressing.mapping;

import java.util.Optional;

/** One way of finding the VM userid of a recipient; a chain asks its strategies in order, the first answer wins. */
public interface MappingStrategy {

    /** The name shown in configuration and in answers ({@code default}, {@code ldap}, ...). */
    String name();

    /**
     * @return the userid, or empty when this strategy does not know the recipient
     * @throws RuntimeException when the strategy cannot answer now (directory down): the caller must not guess
     */
    Optional<MappedUserid> map(RecipientAddress recipient);
}
