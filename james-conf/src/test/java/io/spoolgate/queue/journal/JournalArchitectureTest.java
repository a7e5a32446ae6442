package io.spoolgate.queue.journal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/** The journal is plain Java: only {@code io.spoolgate.queue} (the James adapter) may import James or JavaMail. */
class JournalArchitectureTest {

    @Test
    void theJournalDoesNotImportJames() throws IOException {
        Path src = Path.of("src/main/java/io/spoolgate/queue/journal");
        assertThat(src).isDirectory();
        List<String> offenders;
        try (Stream<Path> files = Files.list(src)) {
            offenders = files.filter(p -> p.toString().endsWith(".java"))
                .filter(JournalArchitectureTest::importsJames)
                .map(Path::toString)
                .toList();
        }
        assertThat(offenders).isEmpty();
    }

    private static boolean importsJames(Path file) {
        try {
            return Files.readAllLines(file).stream().anyMatch(l -> l.startsWith("import org.apache.james")
                || l.startsWith("import org.apache.mailet") || l.startsWith("import javax.mail")
                || l.startsWith("import com.google.inject") || l.startsWith("import reactor."));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
