package io.spoolgate.exit.host;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * How to make one exit of the chain: its name, its class, the jar that holds it (none: the class is on the
 * server's class path) and its parameters.
 *
 * @param name       the exit's name (letters, digits, {@code . _ -}; 1-64 characters)
 * @param className  the fully qualified name of the class implementing {@code io.spoolgate.exit.SmtpExit}
 * @param jar        the jar to load the class from, in a class loader of its own; empty for the server class path
 * @param parameters parameters handed to the exit's init call
 */
public record ExitDefinition(String name, String className, Optional<Path> jar, Map<String, String> parameters) {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final Pattern CLASS_NAME = Pattern.compile("[A-Za-z_$][A-Za-z0-9_$]*(\\.[A-Za-z_$][A-Za-z0-9_$]*)*");

    /** Validates the name and class name and copies the parameters. */
    public ExitDefinition {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(className, "className");
        Objects.requireNonNull(jar, "jar");
        requireValidName(name);
        if (!CLASS_NAME.matcher(className).matches()) {
            throw new IllegalArgumentException("exit " + name + ": not a Java class name: '" + className + "'");
        }
        parameters = Map.copyOf(parameters);
    }

    /**
     * @param name a proposed exit name
     * @return the name
     * @throws IllegalArgumentException if it is not 1-64 letters, digits, {@code . _ -}
     */
    public static String requireValidName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("exit name must be 1-64 letters, digits, '.', '_' or '-': '" + name + "'");
        }
        return name;
    }
}
