package io.spoolgate.addressing.mapping;

import java.util.List;
import java.util.Optional;

import io.spoolgate.vmspool.spool.DeliveryFormat;
import io.spoolgate.vmspool.spool.VmUserid;

/**
 * The strategies of one domain in their configured order: the first that knows the recipient wins; when none does the
 * recipient goes to the default user (strategy {@value Mapping#DEFAULT_USER}). Format and file type come from the
 * strategy's answer, else from the chain.
 */
public final class MappingChain {

    private final List<MappingStrategy> strategies;
    private final VmUserid defaultUser;
    private final DeliveryFormat format;
    private final ReaderFileType fileType;

    public MappingChain(List<MappingStrategy> strategies, VmUserid defaultUser, DeliveryFormat format,
                        ReaderFileType fileType) {
        this.strategies = List.copyOf(strategies);
        this.defaultUser = defaultUser;
        this.format = format;
        this.fileType = fileType;
    }

    public Mapping resolve(RecipientAddress recipient) {
        for (MappingStrategy strategy : strategies) {
            Optional<MappedUserid> answer = strategy.map(recipient);
            if (answer.isPresent()) {
                MappedUserid a = answer.get();
                return new Mapping(a.userid(), a.format().orElse(format), a.fileType().orElse(fileType), strategy.name());
            }
        }
        return new Mapping(defaultUser, format, fileType, Mapping.DEFAULT_USER);
    }

    public List<String> strategyNames() {
        return strategies.stream().map(MappingStrategy::name).toList();
    }
}
