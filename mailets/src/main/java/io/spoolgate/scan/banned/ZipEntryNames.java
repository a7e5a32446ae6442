package io.spoolgate.scan.banned;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.SequenceInputStream;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Lists the members of a zip archive (names and first bytes, for {@link ContentSniffer}), recursing into nested zips
 * (named {@code .zip} or starting with {@code PK\3\4}), with bounds on entries, depth and bytes read so that a zip
 * bomb cannot exhaust the server.
 */
public final class ZipEntryNames {
    private final int maxEntries;
    private final int maxDepth;
    private final long maxBytes;

    /**
     * @param maxEntries entries listed at most (all levels together)
     * @param maxDepth nesting depth followed at most
     * @param maxBytes uncompressed bytes read at most (nested archives are read to list their members)
     */
    public ZipEntryNames(int maxEntries, int maxDepth, long maxBytes) {
        this.maxEntries = maxEntries;
        this.maxDepth = maxDepth;
        this.maxBytes = maxBytes;
    }

    /** @return bounds suited to mail attachments (10 000 entries, depth 3, 100 MB) */
    public static ZipEntryNames defaults() {
        return new ZipEntryNames(10_000, 3, 100L * 1024 * 1024);
    }

    /**
     * One archive member.
     *
     * @param name its path, nested members as {@code inner.zip/name}
     * @param head its first bytes (up to {@link ContentSniffer#HEAD_BYTES}; empty for directories)
     */
    public record Member(String name, byte[] head) {
    }

    /**
     * @param zip the archive bytes (not closed)
     * @return member names, nested members as {@code inner.zip/name}; what could be read before a corrupt entry
     */
    public List<String> list(InputStream zip) {
        return members(zip).stream().map(Member::name).toList();
    }

    /**
     * @param zip the archive bytes (not closed)
     * @return the members with their first bytes; what could be read before a corrupt entry
     */
    public List<Member> members(InputStream zip) {
        List<Member> members = new ArrayList<>();
        long[] budget = {maxBytes};
        walk(zip, "", 1, members, budget);
        return members;
    }

    private void walk(InputStream in, String prefix, int depth, List<Member> members, long[] budget) {
        ZipInputStream zin = new ZipInputStream(in);
        try {
            ZipEntry entry;
            while (members.size() < maxEntries && (entry = zin.getNextEntry()) != null) {
                String name = prefix + entry.getName();
                if (entry.isDirectory()) {
                    members.add(new Member(name, new byte[0]));
                    continue;
                }
                InputStream content = new BoundedInput(zin, budget);
                byte[] head = content.readNBytes(ContentSniffer.HEAD_BYTES);
                members.add(new Member(name, head));
                boolean nested = entry.getName().toLowerCase(java.util.Locale.ROOT).endsWith(".zip")
                    || ContentSniffer.sniff(head).filter("zip"::equals).isPresent();
                if (nested && depth < maxDepth) {
                    walk(new SequenceInputStream(new ByteArrayInputStream(head), content), name + "/", depth + 1, members, budget);
                }
            }
        } catch (IOException | IllegalArgumentException e) {
            // a corrupt or truncated archive: keep the members read so far; clamd judges the content itself
        }
    }

    /** Reads from the current zip entry without closing it, counting bytes against the shared budget. */
    private static final class BoundedInput extends InputStream {
        private final InputStream in;
        private final long[] budget;

        BoundedInput(InputStream in, long[] budget) {
            this.in = in;
            this.budget = budget;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (budget[0] <= 0) {
                throw new IOException("archive size budget exhausted");
            }
            int n = in.read(b, off, (int) Math.min(len, budget[0]));
            if (n > 0) {
                budget[0] -= n;
            }
            return n;
        }

        @Override
        public void close() {
            // the outer ZipInputStream owns the stream
        }
    }
}
