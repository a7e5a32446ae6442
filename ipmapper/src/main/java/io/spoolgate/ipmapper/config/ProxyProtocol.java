package io.spoolgate.ipmapper.config;

/** Which PROXY protocol header (if any) a static mapping sends to its target before the client's bytes. */
public enum ProxyProtocol {
    /** No header: the target sees the proxy's address. */
    NONE,
    /** HAProxy PROXY protocol version 1 (text line). */
    V1,
    /** HAProxy PROXY protocol version 2 (binary). The default for static mappings. */
    V2;

    /**
     * @param text {@code none}, {@code v1} or {@code v2} (any case)
     * @return the matching value
     * @throws IllegalArgumentException for anything else
     */
    public static ProxyProtocol parse(String text) {
        return switch (text.toLowerCase(java.util.Locale.ROOT)) {
            case "none", "off" -> NONE;
            case "v1", "1" -> V1;
            case "v2", "2" -> V2;
            default -> throw new IllegalArgumentException("unknown PROXY protocol '" + text + "' (expected none, v1 or v2)");
        };
    }
}
