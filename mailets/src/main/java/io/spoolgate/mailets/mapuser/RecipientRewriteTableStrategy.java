package io.spoolgate.mailets.mapuser;

import java.util.EnumSet;
import java.util.Optional;

import org.apache.james.core.Domain;
import org.apache.james.core.MailAddress;
import org.apache.james.rrt.api.RecipientRewriteTable;
import org.apache.james.rrt.api.RecipientRewriteTableException;
import org.apache.james.rrt.lib.Mapping;

import io.spoolgate.addressing.mapping.MappedUserid;
import io.spoolgate.addressing.mapping.MappingStrategy;
import io.spoolgate.addressing.mapping.RecipientAddress;
import io.spoolgate.vmspool.spool.VmUserid;

/**
 * The {@code alias-table} strategy: James's RecipientRewriteTable (managed with webadmin {@code /address/aliases},
 * {@code /address/groups}, {@code /mappings}). The recipient is resolved through the table; the first resulting
 * address whose local part starts with a valid userid names the reader (first 8 characters, upper-cased).
 */
public final class RecipientRewriteTableStrategy implements MappingStrategy {

    private static final EnumSet<Mapping.Type> ADDRESS_TYPES = EnumSet.of(Mapping.Type.Address, Mapping.Type.Alias,
        Mapping.Type.Group, Mapping.Type.Forward, Mapping.Type.Domain, Mapping.Type.DomainAlias, Mapping.Type.Regex);

    private final RecipientRewriteTable table;

    public RecipientRewriteTableStrategy(RecipientRewriteTable table) {
        this.table = table;
    }

    @Override
    public String name() {
        return "alias-table";
    }

    @Override
    public Optional<MappedUserid> map(RecipientAddress recipient) {
        try {
            return table.getResolvedMappings(recipient.localPart(), Domain.of(recipient.domain()), ADDRESS_TYPES)
                .asStream()
                .map(Mapping::asMailAddress)
                .flatMap(Optional::stream)
                .map(MailAddress::getLocalPart)
                .map(VmUserid::fromLocalPart)
                .flatMap(Optional::stream)
                .findFirst()
                .map(MappedUserid::of);
        } catch (RecipientRewriteTable.ErrorMappingException e) {
            return Optional.empty();
        } catch (RecipientRewriteTableException e) {
            throw new IllegalStateException("RecipientRewriteTable lookup of " + recipient + " failed: " + e.getMessage(), e);
        }
    }
}
