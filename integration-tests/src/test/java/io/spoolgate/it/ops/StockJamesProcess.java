package io.spoolgate.it.ops;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import io.spoolgate.it.support.ForkedJames;

/**
 * The stock James 3.8.1 memory app ({@code org.apache.james.MemoryJamesServerMain}) in a child JVM, started the way
 * an administrator starts a James distribution: its own jar folder on the class path (plus, as the release
 * artifact's lib/README.txt says, Spoolgate's {@code lib/}), {@code -Dworking.directory} at the installation, which
 * holds {@code conf/} and {@code extensions-jars/}.
 */
final class StockJamesProcess {

    private StockJamesProcess() {
    }

    static ForkedJames start(Path jamesDir, Path extraLib, int smtpPort, Duration timeout) throws Exception {
        String cp = jamesDir.resolve(StockJames.LIB) + "/*:" + extraLib + "/*";
        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
            "-Dworking.directory=" + jamesDir, "-Dlogback.configurationFile=" + jamesDir.resolve("conf/logback.xml"),
            "-cp", cp, "org.apache.james.MemoryJamesServerMain");
        return ForkedJames.start(cmd, jamesDir, jamesDir.resolve("james.log"), smtpPort, timeout);
    }
}
