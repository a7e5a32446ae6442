package io.spoolgate.addressing.mapping;

import java.nio.file.Path;
import java.util.Optional;

import io.spoolgate.vmspool.spool.CommandRunner;

/**
 * What building the MAPUSER mappings needs from its host: resolving {@code file://} locations, running commands
 * ({@code vmcp}), and the alias table strategy when the host has one (James's RecipientRewriteTable).
 *
 * @param locations  resolves a configured location to a file
 * @param commands   runs {@code vmcp}
 * @param aliasTable the {@code alias-table} strategy, if the host provides one
 */
public record MapUserEnvironment(LocationResolver locations, CommandRunner commands,
                                 Optional<MappingStrategy> aliasTable) {

    /** Turns a configured location ({@code file://conf/x}, an absolute path) into a file. */
    @FunctionalInterface
    public interface LocationResolver {
        Path resolve(String location);
    }
}
