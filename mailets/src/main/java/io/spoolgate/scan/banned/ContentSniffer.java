package io.spoolgate.scan.banned;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * What the first bytes of a decoded part say it is, whatever its name and declared type (amavis runs file(1) for the
 * same purpose). Types:
 * <ul>
 *   <li>{@code exe} — Windows PE or MS-DOS executable: {@code MZ} with a {@code PE\0\0} header at {@code e_lfanew},
 *       or a plausible DOS header (bytes on the last page below 512, at least one page), so text starting with "MZ"
 *       is not one;</li>
 *   <li>{@code elf} — {@code \x7fELF} (Linux/Unix executables and libraries);</li>
 *   <li>{@code macho} — Mach-O (32/64-bit, either byte order; not the universal header {@code CAFEBABE}, which Java
 *       class files share);</li>
 *   <li>{@code script} — {@code #!/…} interpreter line;</li>
 *   <li>{@code lnk} — Windows shell link (shortcut): header size 0x4C and the ShellLink CLSID;</li>
 *   <li>{@code zip} — {@code PK\3\4} (looked into for banned members, whatever the part is called).</li>
 * </ul>
 */
public final class ContentSniffer {
    /** Every type this sniffer knows. */
    public static final List<String> TYPES = List.of("exe", "elf", "macho", "script", "lnk", "zip");
    /** Bytes of a part's beginning the sniffer needs. */
    public static final int HEAD_BYTES = 512;
    private static final byte[] LNK = {0x4C, 0, 0, 0, 0x01, 0x14, 0x02, 0, 0, 0, 0, 0, (byte) 0xC0, 0, 0, 0, 0, 0, 0, 0x46};

    private ContentSniffer() {
    }

    /**
     * @param head the first bytes of the decoded content (up to {@link #HEAD_BYTES})
     * @return the type, or empty when none of the known ones
     */
    public static Optional<String> sniff(byte[] head) {
        if (isExe(head)) {
            return Optional.of("exe");
        }
        if (startsWith(head, new byte[] {0x7f, 'E', 'L', 'F'})) {
            return Optional.of("elf");
        }
        if (isMachO(head)) {
            return Optional.of("macho");
        }
        if (startsWith(head, "#!/".getBytes(StandardCharsets.US_ASCII)) || startsWith(head, "#! /".getBytes(StandardCharsets.US_ASCII))) {
            return Optional.of("script");
        }
        if (startsWith(head, LNK)) {
            return Optional.of("lnk");
        }
        if (startsWith(head, new byte[] {'P', 'K', 3, 4})) {
            return Optional.of("zip");
        }
        return Optional.empty();
    }

    private static boolean isExe(byte[] h) {
        if (h.length < 64 || h[0] != 'M' || h[1] != 'Z') {
            return false;
        }
        long peOffset = u16(h, 0x3c) | ((long) u16(h, 0x3e) << 16);
        if (peOffset >= 64 && peOffset + 4 <= h.length) {
            int o = (int) peOffset;
            if (h[o] == 'P' && h[o + 1] == 'E' && h[o + 2] == 0 && h[o + 3] == 0) {
                return true;
            }
        }
        int bytesOnLastPage = u16(h, 2);
        int pages = u16(h, 4);
        int headerParagraphs = u16(h, 8);
        return bytesOnLastPage < 512 && pages > 0 && headerParagraphs >= 4;
    }

    private static boolean isMachO(byte[] h) {
        if (h.length < 4) {
            return false;
        }
        int b0 = h[0] & 0xff;
        int b1 = h[1] & 0xff;
        int b2 = h[2] & 0xff;
        int b3 = h[3] & 0xff;
        boolean bigEndian = b0 == 0xFE && b1 == 0xED && b2 == 0xFA && (b3 == 0xCE || b3 == 0xCF);
        boolean littleEndian = (b0 == 0xCE || b0 == 0xCF) && b1 == 0xFA && b2 == 0xED && b3 == 0xFE;
        return bigEndian || littleEndian;
    }

    private static int u16(byte[] h, int at) {
        return (h[at] & 0xff) | ((h[at + 1] & 0xff) << 8);
    }

    private static boolean startsWith(byte[] h, byte[] prefix) {
        if (h.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (h[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}
