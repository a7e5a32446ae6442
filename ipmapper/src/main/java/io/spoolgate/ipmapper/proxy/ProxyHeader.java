package io.spoolgate.ipmapper.proxy;

import io.spoolgate.ipmapper.config.ProxyProtocol;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Encodes the HAProxy PROXY protocol header (version 1 text or version 2 binary, command PROXY, TCP over IPv4 or
 * IPv6) that tells the target who the real client is. When one side is IPv6 and the other IPv4, the IPv4 address
 * is written as IPv4-mapped IPv6.
 */
public final class ProxyHeader {
    private static final byte[] V2_SIGNATURE = {0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A};

    private ProxyHeader() {
    }

    /**
     * @param version     V1 or V2
     * @param source      the real client (remote end of the accepted connection)
     * @param destination the address the client connected to (local end of the accepted connection)
     * @return the header bytes
     * @throws IllegalArgumentException for {@link ProxyProtocol#NONE}
     */
    public static byte[] encode(ProxyProtocol version, InetSocketAddress source, InetSocketAddress destination) {
        byte[] src = source.getAddress().getAddress();
        byte[] dst = destination.getAddress().getAddress();
        if (src.length != dst.length) {
            src = toV6(src);
            dst = toV6(dst);
        }
        return switch (version) {
            case V1 -> v1(src, dst, source.getPort(), destination.getPort());
            case V2 -> v2(src, dst, source.getPort(), destination.getPort());
            case NONE -> throw new IllegalArgumentException("no header for PROXY protocol NONE");
        };
    }

    private static byte[] v1(byte[] src, byte[] dst, int srcPort, int dstPort) {
        String family = src.length == 4 ? "TCP4" : "TCP6";
        String line = "PROXY " + family + " " + text(src) + " " + text(dst) + " " + srcPort + " " + dstPort + "\r\n";
        return line.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] v2(byte[] src, byte[] dst, int srcPort, int dstPort) {
        int addressLength = src.length * 2 + 4;
        ByteBuffer buffer = ByteBuffer.allocate(16 + addressLength);
        buffer.put(V2_SIGNATURE);
        buffer.put((byte) 0x21); // version 2, command PROXY
        buffer.put(src.length == 4 ? (byte) 0x11 : (byte) 0x21); // TCP over IPv4 / IPv6
        buffer.putShort((short) addressLength);
        buffer.put(src).put(dst);
        buffer.putShort((short) srcPort).putShort((short) dstPort);
        return buffer.array();
    }

    private static String text(byte[] address) {
        try {
            String host = InetAddress.getByAddress(address).getHostAddress();
            int scope = host.indexOf('%');
            return scope < 0 ? host : host.substring(0, scope);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] toV6(byte[] address) {
        if (address.length == 16) {
            return address;
        }
        byte[] mapped = new byte[16];
        mapped[10] = (byte) 0xff;
        mapped[11] = (byte) 0xff;
        System.arraycopy(address, 0, mapped, 12, 4);
        return mapped;
    }
}
