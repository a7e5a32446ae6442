package io.spoolgate.it.ops;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.spoolgate.it.support.Projects;

/** The release artifact {@code james-conf/target/spoolgate-VERSION-bin.tar.gz} built by {@code mvn package}, unpacked. */
final class ReleaseArtifact {

    private ReleaseArtifact() {
    }

    /** The newest tar.gz in james-conf/target (the one of this build); fails with what to do when there is none. */
    static Path archive() throws IOException {
        Path target = Projects.root().resolve("james-conf/target");
        try (Stream<Path> s = Files.list(target)) {
            List<Path> found = s.filter(p -> p.getFileName().toString().matches("spoolgate-.*-bin\\.tar\\.gz")).toList();
            Path newest = null;
            for (Path p : found) {
                if (newest == null || Files.getLastModifiedTime(p).compareTo(Files.getLastModifiedTime(newest)) > 0) {
                    newest = p;
                }
            }
            if (newest == null) {
                throw new IllegalStateException("no spoolgate-*-bin.tar.gz in " + target + " (run mvn package on james-conf)");
            }
            return newest;
        }
    }

    /** Unpacks the archive with tar into {@code into}; returns the artifact's top folder. */
    static Path unpack(Path into) throws IOException, InterruptedException {
        Files.createDirectories(into);
        Process p = new ProcessBuilder("tar", "xzf", archive().toString(), "-C", into.toString())
            .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("tar could not unpack " + archive() + ": " + out);
        }
        try (Stream<Path> s = Files.list(into)) {
            List<Path> tops = s.filter(Files::isDirectory).toList();
            if (tops.size() != 1) {
                throw new IllegalStateException("the archive should hold one top folder, holds " + tops);
            }
            return tops.get(0);
        }
    }
}
