package io.spoolgate.ipmapper.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Where the configuration lives and how to load it. Without an IPAUTH file the control port admits loopback and
 * the target addresses of the static mappings (the mail engine); without an ACL file every client is admitted.
 *
 * @param mappingFile the {@code PORT MAPPING} file (required)
 * @param ipauthFile  the {@code IPAUTH MAPPING}-style file, if any
 * @param aclFile     the inbound client ACL file, if any
 */
public record ConfigFiles(Path mappingFile, Optional<Path> ipauthFile, Optional<Path> aclFile) {

    /**
     * Reads and validates all files.
     *
     * @return the snapshot
     * @throws ConfigException naming the file and line of the first problem
     */
    public IpMapperConfig load() throws ConfigException {
        PortMappingTable table = PortMappingParser.read(mappingFile);
        AddressList auth = ipauthFile.isPresent() ? AddressList.read(ipauthFile.get()) : defaultAuth(table);
        ClientAcl acl = aclFile.isPresent() ? ClientAcl.read(aclFile.get()) : ClientAcl.allowAll();
        return new IpMapperConfig(table, auth, acl);
    }

    /**
     * @param table the static mappings
     * @return loopback plus every static mapping target given as an address literal
     */
    public static AddressList defaultAuth(PortMappingTable table) {
        List<Cidr> networks = new ArrayList<>(AddressList.loopback());
        for (PortMapping mapping : table.staticMappings()) {
            if (Cidr.isAddressLiteral(mapping.targetHost())) {
                networks.add(Cidr.parse(mapping.targetHost()));
            }
        }
        return new AddressList(networks);
    }

    /**
     * @return a fingerprint of the files' modification times and sizes, to notice edits
     */
    public String fingerprint() {
        StringBuilder result = new StringBuilder();
        List<Path> files = new ArrayList<>();
        files.add(mappingFile);
        ipauthFile.ifPresent(files::add);
        aclFile.ifPresent(files::add);
        for (Path file : files) {
            try {
                FileTime time = Files.getLastModifiedTime(file);
                result.append(file).append('@').append(time.toMillis()).append('/').append(Files.size(file)).append(';');
            } catch (java.io.IOException e) {
                result.append(file).append("@missing;");
            }
        }
        return result.toString();
    }
}
