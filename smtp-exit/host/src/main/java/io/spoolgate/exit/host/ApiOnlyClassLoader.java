package io.spoolgate.exit.host;

import io.spoolgate.exit.SmtpExit;

/**
 * The parent of every exit jar's class loader: it shows the exit the JDK, the exit API package
 * ({@code io.spoolgate.exit}, not its sub-packages) and SLF4J, and nothing else of the server, so an exit jar
 * cannot pick up (or pin) server classes and its own classes always come from its jar.
 */
final class ApiOnlyClassLoader extends ClassLoader {
    private static final String API_PACKAGE = SmtpExit.class.getPackageName();
    private final ClassLoader apiLoader = SmtpExit.class.getClassLoader();

    ApiOnlyClassLoader() {
        super("spoolgate-exit-api", ClassLoader.getPlatformClassLoader());
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (isShared(name)) {
            return apiLoader.loadClass(name);
        }
        return super.loadClass(name, resolve);
    }

    static boolean isShared(String className) {
        int lastDot = className.lastIndexOf('.');
        String packageName = lastDot < 0 ? "" : className.substring(0, lastDot);
        return packageName.equals(API_PACKAGE) || className.startsWith("org.slf4j.");
    }
}
