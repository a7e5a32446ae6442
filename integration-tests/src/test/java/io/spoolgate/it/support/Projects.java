package io.spoolgate.it.support;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the project and the shared test material are (system properties set by the Maven build). */
public final class Projects {

    private Projects() {
    }

    public static Path root() {
        String p = System.getProperty("spoolgate.project");
        Path root = p != null ? Path.of(p) : Path.of("..");
        return root.toAbsolutePath().normalize();
    }

    public static Path shippedConf() {
        Path conf = root().resolve("james-conf/src/main/conf");
        if (!Files.isDirectory(conf)) {
            throw new IllegalStateException("shipped configuration not found at " + conf);
        }
        return conf;
    }

    public static Path shared() {
        String p = System.getProperty("spoolgate.shared");
        return (p != null ? Path.of(p) : root().resolve("../shared")).toAbsolutePath().normalize();
    }
}
