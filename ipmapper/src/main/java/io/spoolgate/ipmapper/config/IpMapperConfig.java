package io.spoolgate.ipmapper.config;

/**
 * One consistent snapshot of the three configuration files; replaced as a whole on reload.
 *
 * @param mappings    static mappings and free transient ports
 * @param controlAuth addresses allowed on the control port and the transient ports
 * @param clientAcl   connect-time access list for inbound clients
 */
public record IpMapperConfig(PortMappingTable mappings, AddressList controlAuth, ClientAcl clientAcl) {
}
