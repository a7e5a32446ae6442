package io.spoolgate.vmspool;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * Keeps James at the edge: only the {@code io.spoolgate.vmspool.james} adapter package may import James, the mailet
 * API or JavaMail; codecs, backends and tools stay plain Java.
 */
class ArchitectureTest {

    @Test
    void onlyTheAdapterPackageImportsJames() throws IOException {
        Path src = Path.of("src/main/java/io/spoolgate/vmspool");
        List<String> offenders;
        try (Stream<Path> files = Files.walk(src)) {
            offenders = files.filter(p -> p.toString().endsWith(".java"))
                .filter(p -> !p.startsWith(src.resolve("james")))
                .filter(ArchitectureTest::importsJames)
                .map(Path::toString)
                .toList();
        }
        assertThat(offenders).isEmpty();
    }

    private static boolean importsJames(Path file) {
        try {
            return Files.readAllLines(file).stream().anyMatch(l -> l.startsWith("import org.apache.james")
                || l.startsWith("import org.apache.mailet") || l.startsWith("import javax.mail")
                || l.startsWith("import com.google.inject"));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
