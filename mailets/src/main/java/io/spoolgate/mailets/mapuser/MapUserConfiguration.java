package io.spoolgate.mailets.mapuser;

import io.spoolgate.addressing.mapping.DomainMappings;
import io.spoolgate.addressing.mapping.MapUserSettings;

/** The settings and the mappings built from them, as shared by MAPUSER's mailet, hook and route. */
public record MapUserConfiguration(MapUserSettings settings, DomainMappings mappings) {
}
