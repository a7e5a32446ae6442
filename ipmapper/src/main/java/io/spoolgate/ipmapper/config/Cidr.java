package io.spoolgate.ipmapper.config;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * An IPv4 or IPv6 network in CIDR notation ({@code 192.0.2.0/24}, {@code 2001:db8::/32}); a bare address is a
 * single-host network. Parsing never performs a DNS lookup: only address literals are accepted.
 */
public final class Cidr {
    private final byte[] network;
    private final int prefixLength;

    private Cidr(byte[] network, int prefixLength) {
        this.network = network;
        this.prefixLength = prefixLength;
    }

    /**
     * Parses a network or a single address.
     *
     * @param text {@code address}, {@code address/prefix}; IPv6 may be written in brackets
     * @return the network, with host bits cleared
     * @throws IllegalArgumentException if the text is not an address literal or the prefix is out of range
     */
    public static Cidr parse(String text) {
        String value = text.trim();
        int slash = value.indexOf('/');
        String addressText = slash < 0 ? value : value.substring(0, slash);
        byte[] address = parseAddressLiteral(addressText);
        int maxBits = address.length * 8;
        int prefix = maxBits;
        if (slash >= 0) {
            String prefixText = value.substring(slash + 1);
            if (prefixText.isEmpty() || prefixText.length() > 3 || !prefixText.chars().allMatch(Character::isDigit)) {
                throw new IllegalArgumentException("bad prefix length '" + prefixText + "' in '" + text + "'");
            }
            prefix = Integer.parseInt(prefixText);
            if (prefix > maxBits) {
                throw new IllegalArgumentException("prefix length " + prefix + " exceeds " + maxBits + " in '" + text + "'");
            }
        }
        return new Cidr(mask(address, prefix), prefix);
    }

    /** @return a network that contains exactly the given address */
    public static Cidr of(InetAddress address) {
        byte[] bytes = address.getAddress();
        return new Cidr(bytes, bytes.length * 8);
    }

    /**
     * Parses an IPv4 dotted-quad or an IPv6 literal without DNS.
     *
     * @param text the literal, IPv6 optionally in brackets
     * @return the address bytes (4 or 16; IPv4-mapped IPv6 literals come back as 4 bytes)
     * @throws IllegalArgumentException if the text is not an address literal
     */
    public static byte[] parseAddressLiteral(String text) {
        String value = text;
        if (value.startsWith("[") && value.endsWith("]") && value.length() > 2) {
            value = value.substring(1, value.length() - 1);
        }
        if (value.indexOf(':') >= 0) {
            if (value.indexOf('%') >= 0 || value.length() > 45 || !ipv6Characters(value)) {
                throw new IllegalArgumentException("not an IPv6 address literal: '" + text + "'");
            }
            try {
                // Only hex digits, ':' and '.' (checked above), so the JDK parses it as a literal: a text that does not
                // start with a hex digit or ':' (e.g. "x:y") would otherwise be looked up in DNS.
                return InetAddress.getByName(value).getAddress();
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException("not an IPv6 address literal: '" + text + "'");
            }
        }
        String[] parts = value.split("\\.", -1);
        if (parts.length != 4) {
            throw new IllegalArgumentException("not an IP address literal: '" + text + "'");
        }
        byte[] bytes = new byte[4];
        for (int i = 0; i < 4; i++) {
            String part = parts[i];
            if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(c -> c >= '0' && c <= '9')) {
                throw new IllegalArgumentException("not an IPv4 address literal: '" + text + "'");
            }
            int octet = Integer.parseInt(part);
            if (octet > 255) {
                throw new IllegalArgumentException("octet " + octet + " out of range in '" + text + "'");
            }
            bytes[i] = (byte) octet;
        }
        return bytes;
    }

    private static boolean ipv6Characters(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean hex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
            if (!hex && c != ':' && c != '.') {
                return false;
            }
        }
        return true;
    }

    /**
     * @param text a candidate address literal
     * @return true when {@link #parseAddressLiteral} accepts it
     */
    public static boolean isAddressLiteral(String text) {
        try {
            parseAddressLiteral(text);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * @param address an address to test; IPv4-mapped IPv6 addresses match IPv4 networks
     * @return true when the address lies in this network
     */
    public boolean contains(InetAddress address) {
        byte[] candidate = normalise(address);
        if (candidate.length != network.length) {
            return false;
        }
        return Arrays.equals(mask(candidate, prefixLength), network);
    }

    private static byte[] normalise(InetAddress address) {
        byte[] bytes = address.getAddress();
        if (bytes.length == 16 && !(address instanceof Inet4Address)) {
            boolean mapped = bytes[10] == (byte) 0xff && bytes[11] == (byte) 0xff;
            for (int i = 0; i < 10 && mapped; i++) {
                mapped = bytes[i] == 0;
            }
            if (mapped) {
                return Arrays.copyOfRange(bytes, 12, 16);
            }
        }
        return bytes;
    }

    private static byte[] mask(byte[] address, int prefix) {
        byte[] result = address.clone();
        for (int i = 0; i < result.length; i++) {
            int bitsInByte = Math.max(0, Math.min(8, prefix - i * 8));
            result[i] &= (byte) (0xff << (8 - bitsInByte));
        }
        return result;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Cidr that && prefixLength == that.prefixLength && Arrays.equals(network, that.network);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(network) + prefixLength;
    }

    @Override
    public String toString() {
        try {
            return InetAddress.getByAddress(network).getHostAddress() + "/" + prefixLength;
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
