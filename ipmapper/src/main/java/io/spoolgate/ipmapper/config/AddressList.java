package io.spoolgate.ipmapper.config;

import java.net.InetAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code IPAUTH MAPPING}-style list of addresses allowed to use the control port and the transient ports:
 * one IPv4/IPv6 address or CIDR network per line, comments and blank lines allowed.
 */
public final class AddressList {
    private final List<Cidr> networks;

    /** @param networks the allowed networks */
    public AddressList(List<Cidr> networks) {
        this.networks = List.copyOf(networks);
    }

    /** @return the loopback networks {@code 127.0.0.0/8} and {@code ::1} */
    public static List<Cidr> loopback() {
        return List.of(Cidr.parse("127.0.0.0/8"), Cidr.parse("::1"));
    }

    /**
     * @param file the IPAUTH file
     * @return the list it describes
     * @throws ConfigException on unreadable or invalid content
     */
    public static AddressList read(Path file) throws ConfigException {
        return parse(file.toString(), ConfigLines.readFile(file));
    }

    /**
     * @param source name used in error messages
     * @param lines  the file's lines
     * @return the list
     * @throws ConfigException with the line number of the first error
     */
    public static AddressList parse(String source, List<String> lines) throws ConfigException {
        List<Cidr> result = new ArrayList<>();
        for (ConfigLines.Line line : ConfigLines.tokenize(source, lines)) {
            if (line.tokens().size() != 1) {
                throw new ConfigException(source, line.number(), "expected one address or CIDR network, found " + line.tokens().size() + " fields");
            }
            try {
                result.add(Cidr.parse(line.tokens().get(0)));
            } catch (IllegalArgumentException e) {
                throw new ConfigException(source, line.number(), e.getMessage());
            }
        }
        return new AddressList(result);
    }

    /**
     * @param address a peer address
     * @return true when it is in one of the listed networks
     */
    public boolean allows(InetAddress address) {
        for (Cidr network : networks) {
            if (network.contains(address)) {
                return true;
            }
        }
        return false;
    }

    /** @return the listed networks */
    public List<Cidr> networks() {
        return networks;
    }
}
