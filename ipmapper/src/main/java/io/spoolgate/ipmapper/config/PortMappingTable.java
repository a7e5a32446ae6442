package io.spoolgate.ipmapper.config;

import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The contents of a {@code PORT MAPPING} file: static mappings and the free transient ports.
 *
 * @param staticMappings static inbound mappings in file order
 * @param freePorts      ports available for transient outbound mappings, ascending
 */
public record PortMappingTable(List<PortMapping> staticMappings, SortedSet<Integer> freePorts) {
    /** Copies the collections so the table is immutable. */
    public PortMappingTable {
        staticMappings = List.copyOf(staticMappings);
        freePorts = java.util.Collections.unmodifiableSortedSet(new TreeSet<>(freePorts));
    }
}
