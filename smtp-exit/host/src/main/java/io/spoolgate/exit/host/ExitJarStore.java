package io.spoolgate.exit.host;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Keeps uploaded exit jars in one directory, each under a name made of the exit name and the first 16 hex digits
 * of its SHA-256 ({@code rules-3f2a....jar}). Written atomically: temp file, fsync, rename.
 */
public final class ExitJarStore {
    private final Path directory;
    private final long maxBytes;

    /**
     * @param directory where jars are kept (created if missing)
     * @param maxBytes  the largest jar accepted
     */
    public ExitJarStore(Path directory, long maxBytes) {
        this.directory = directory;
        this.maxBytes = maxBytes;
    }

    /** @return the directory jars are kept in */
    public Path directory() {
        return directory;
    }

    /**
     * @param exitName the exit the jar is for (already validated as a name)
     * @param body     the jar bytes
     * @return where the jar now is
     * @throws IOException              if it cannot be written
     * @throws IllegalArgumentException if it is empty or larger than the limit
     */
    public Path store(String exitName, InputStream body) throws IOException {
        Files.createDirectories(directory);
        Path temp = Files.createTempFile(directory, exitName + "-", ".part");
        try {
            MessageDigest sha;
            try {
                sha = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("SHA-256 missing from the JDK", e);
            }
            long total = 0;
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE);
                 OutputStream out = java.nio.channels.Channels.newOutputStream(channel)) {
                byte[] buffer = new byte[65536];
                int read;
                while ((read = body.read(buffer)) > 0) {
                    total += read;
                    if (total > maxBytes) {
                        throw new IllegalArgumentException("exit jar larger than " + maxBytes + " bytes");
                    }
                    sha.update(buffer, 0, read);
                    out.write(buffer, 0, read);
                }
                out.flush();
                channel.force(true);
            }
            if (total == 0) {
                throw new IllegalArgumentException("empty exit jar");
            }
            String digest = HexFormat.of().formatHex(sha.digest()).substring(0, 16);
            Path target = directory.resolve(exitName + "-" + digest + ".jar");
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            return target;
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}
