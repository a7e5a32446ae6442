package io.spoolgate.exit.host;

import io.spoolgate.exit.SmtpExit;

import java.io.IOException;
import java.net.URLClassLoader;
import java.util.Optional;

/**
 * A freshly instantiated exit and the class loader of its jar (none for exits on the server class path).
 *
 * @param exit   the exit object
 * @param loader its own class loader, closed when the exit is terminated
 */
record LoadedExit(SmtpExit exit, Optional<URLClassLoader> loader) {

    /** Closes the jar's class loader, if any; errors are only reported. */
    void closeLoader() throws IOException {
        if (loader.isPresent()) {
            loader.get().close();
        }
    }
}
