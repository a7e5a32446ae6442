package io.spoolgate.addressing.access;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * An IPv4 or IPv6 CIDR range ({@code 10.0.0.0/8}, {@code 2001:db8::/32}) or a single address (full-length prefix).
 * Only literal addresses are accepted: nothing is resolved. IPv4-mapped IPv6 clients ({@code ::ffff:10.1.2.3}) match
 * IPv4 ranges.
 */
public final class AddressRange {

    private final byte[] network;
    private final int prefix;
    private final String text;

    private AddressRange(byte[] network, int prefix, String text) {
        this.network = network;
        this.prefix = prefix;
        this.text = text;
    }

    /** @throws IllegalArgumentException saying what is wrong with {@code text} */
    public static AddressRange parse(String text) {
        String t = text.trim();
        int slash = t.indexOf('/');
        String host = slash < 0 ? t : t.substring(0, slash);
        if (!isLiteral(host)) {
            throw new IllegalArgumentException("'" + text + "' is not an IPv4 or IPv6 address or CIDR range");
        }
        byte[] address;
        try {
            address = InetAddress.getByName(host).getAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("'" + text + "' is not an IPv4 or IPv6 address", e);
        }
        int bits = address.length * 8;
        int prefix = bits;
        if (slash >= 0) {
            try {
                prefix = Integer.parseInt(t.substring(slash + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + text + "' has a bad prefix length");
            }
            if (prefix < 0 || prefix > bits) {
                throw new IllegalArgumentException("'" + text + "': prefix length must be 0 to " + bits);
            }
        }
        return new AddressRange(mask(address, prefix), prefix, t);
    }

    /** Whether {@code host} looks like an address literal (so it is never looked up in DNS). */
    static boolean isLiteral(String host) {
        if (host.isEmpty()) {
            return false;
        }
        if (host.indexOf(':') >= 0) {
            return host.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == ':' || c == '.');
        }
        String[] parts = host.split("\\.", -1);
        if (parts.length != 4) {
            return false;
        }
        for (String p : parts) {
            if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(Character::isDigit) || Integer.parseInt(p) > 255) {
                return false;
            }
        }
        return true;
    }

    public boolean contains(InetAddress client) {
        byte[] a = client.getAddress();
        if (a.length == 16 && network.length == 4 && isIpv4Mapped(a)) {
            byte[] v4 = new byte[4];
            System.arraycopy(a, 12, v4, 0, 4);
            a = v4;
        }
        if (a.length != network.length) {
            return false;
        }
        byte[] masked = mask(a, prefix);
        return java.util.Arrays.equals(masked, network);
    }

    private static boolean isIpv4Mapped(byte[] a) {
        for (int i = 0; i < 10; i++) {
            if (a[i] != 0) {
                return false;
            }
        }
        return a[10] == (byte) 0xff && a[11] == (byte) 0xff;
    }

    private static byte[] mask(byte[] address, int prefix) {
        byte[] out = address.clone();
        for (int i = 0; i < out.length; i++) {
            int keep = Math.max(0, Math.min(8, prefix - i * 8));
            out[i] &= (byte) (keep == 0 ? 0 : (0xff << (8 - keep)));
        }
        return out;
    }

    @Override
    public String toString() {
        return text;
    }
}
