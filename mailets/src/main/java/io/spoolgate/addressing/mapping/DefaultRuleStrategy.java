package io.spoolgate.addressing.mapping;

import java.util.Optional;

import io.spoolgate.vmspool.directory.VmUserDirectory;
import io.spoolgate.vmspool.spool.VmUserid;

/**
 * VM SMTP's own rule: the first 8 characters of the local part, upper-cased, when the VM user directory lists that
 * userid ({@code john.doe} is never a userid; {@code longusername} becomes {@code LONGUSER}).
 */
public final class DefaultRuleStrategy implements MappingStrategy {

    private final VmUserDirectory directory;

    public DefaultRuleStrategy(VmUserDirectory directory) {
        this.directory = directory;
    }

    @Override
    public String name() {
        return "default";
    }

    @Override
    public Optional<MappedUserid> map(RecipientAddress recipient) {
        return VmUserid.fromLocalPart(recipient.localPart())
            .filter(directory::exists)
            .map(MappedUserid::of);
    }
}
