package io.spoolgate.vmspool.intake;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Where spool files that cannot be decoded are kept — never deleted, never retried on their own: one folder per
 * service machine, each file as {@code NNNN-<time>.rdr} with its attributes and a {@code .reason} text beside it.
 * An administrator can re-submit one by moving it back into the reader (webadmin or {@code mv}).
 */
public final class RejectedArea {

    /** A rejected file and why. */
    public record Rejected(String name, Path data, String reason) {
    }

    private final Path root;

    public RejectedArea(Path root) {
        this.root = root;
    }

    /**
     * Moves a reader file (data and attributes) here and writes the reason beside it.
     *
     * @return where the data now is
     */
    public Path reject(String userid, Path data, Path attrs, String reason, Instant when) throws IOException {
        Path dir = Files.createDirectories(root.resolve(userid));
        String base = stem(data) + "-" + when.toEpochMilli();
        Path reasonFile = dir.resolve(base + ".reason");
        Files.writeString(reasonFile, reason + "\n", StandardCharsets.UTF_8);
        if (attrs != null && Files.exists(attrs)) {
            Files.move(attrs, dir.resolve(base + ".attrs"), StandardCopyOption.ATOMIC_MOVE);
        }
        Path target = dir.resolve(base + ".rdr");
        Files.move(data, target, StandardCopyOption.ATOMIC_MOVE);
        return target;
    }

    /** Rejected files of a service machine, oldest first. */
    public List<Rejected> list(String userid) throws IOException {
        Path dir = root.resolve(userid);
        List<Rejected> result = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return result;
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path data : files.filter(p -> p.toString().endsWith(".rdr")).sorted().toList()) {
                Path reason = dir.resolve(stem(data) + ".reason");
                result.add(new Rejected(stem(data), data,
                    Files.exists(reason) ? Files.readString(reason, StandardCharsets.UTF_8).trim() : "(no reason recorded)"));
            }
        }
        return result;
    }

    /** The rejected file called {@code name} (as listed), if any. */
    public java.util.Optional<Rejected> find(String userid, String name) throws IOException {
        if (!name.matches("[0-9A-Za-z_-]+")) {
            throw new IllegalArgumentException("not a rejected file name: '" + name + "'");
        }
        return list(userid).stream().filter(r -> r.name().equals(name)).findFirst();
    }

    /** The attributes file kept beside a rejected file ({@code name.attrs}). */
    public Path attributes(Rejected rejected) {
        return rejected.data().resolveSibling(rejected.name() + ".attrs");
    }

    /** Forgets a rejected file (after it was re-submitted). */
    public void remove(Rejected rejected) throws IOException {
        Files.deleteIfExists(rejected.data());
        Files.deleteIfExists(attributes(rejected));
        Files.deleteIfExists(rejected.data().resolveSibling(rejected.name() + ".reason"));
    }

    private static String stem(Path p) {
        String n = p.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return dot > 0 ? n.substring(0, dot) : n;
    }
}
