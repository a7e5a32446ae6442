package io.spoolgate.exit.host;

import io.spoolgate.exit.SmtpExit;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.zip.ZipFile;

/**
 * Instantiates exits: from the server class path, or from a jar in a {@link URLClassLoader} of its own whose parent
 * shows only the exit API ({@link ApiOnlyClassLoader}).
 */
public final class ExitLoader {
    private final ClassLoader serverLoader;

    /** @param serverLoader where classes of exits without a jar are looked up */
    public ExitLoader(ClassLoader serverLoader) {
        this.serverLoader = serverLoader;
    }

    /**
     * @param definition what to load
     * @return the new exit (not yet initialised)
     * @throws ExitLoadException saying what is wrong with the jar or the class
     */
    LoadedExit load(ExitDefinition definition) {
        if (definition.jar().isEmpty()) {
            return new LoadedExit(instantiate(definition, serverLoader), Optional.empty());
        }
        Path jar = definition.jar().get();
        checkJar(definition, jar);
        URLClassLoader loader;
        try {
            loader = new URLClassLoader("exit-" + definition.name(), new URL[] {jar.toUri().toURL()},
                new ApiOnlyClassLoader());
        } catch (IOException e) {
            throw new ExitLoadException("exit " + definition.name() + ": bad jar path " + jar, e);
        }
        try {
            return new LoadedExit(instantiate(definition, loader), Optional.of(loader));
        } catch (RuntimeException e) {
            closeQuietly(loader);
            throw e;
        }
    }

    private static void checkJar(ExitDefinition definition, Path jar) {
        if (!Files.isRegularFile(jar)) {
            throw new ExitLoadException("exit " + definition.name() + ": jar " + jar + " does not exist", null);
        }
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            String entry = definition.className().replace('.', '/') + ".class";
            if (zip.getEntry(entry) == null) {
                throw new ExitLoadException("exit " + definition.name() + ": jar " + jar + " has no " + entry, null);
            }
        } catch (IOException e) {
            throw new ExitLoadException("exit " + definition.name() + ": " + jar + " is not a readable jar: "
                + e.getMessage(), e);
        }
    }

    private static SmtpExit instantiate(ExitDefinition definition, ClassLoader loader) {
        String what = "exit " + definition.name() + ": class " + definition.className();
        Class<?> type;
        try {
            type = Class.forName(definition.className(), false, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            throw new ExitLoadException(what + " cannot be loaded: " + e, e);
        }
        if (!SmtpExit.class.isAssignableFrom(type)) {
            throw new ExitLoadException(what + " does not implement " + SmtpExit.class.getName(), null);
        }
        try {
            return (SmtpExit) type.getConstructor().newInstance();
        } catch (NoSuchMethodException e) {
            throw new ExitLoadException(what + " has no public no-argument constructor", e);
        } catch (InvocationTargetException e) {
            throw new ExitLoadException(what + " constructor failed: " + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException | LinkageError e) {
            throw new ExitLoadException(what + " cannot be instantiated: " + e, e);
        }
    }

    private static void closeQuietly(URLClassLoader loader) {
        try {
            loader.close();
        } catch (IOException ignored) {
            // nothing was loaded from it that matters
        }
    }
}
