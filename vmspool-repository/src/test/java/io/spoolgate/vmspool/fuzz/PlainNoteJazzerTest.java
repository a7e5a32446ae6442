package io.spoolgate.vmspool.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.spoolgate.vmspool.format.SpoolDecodeException;
import io.spoolgate.vmspool.intake.IntakeMail;
import io.spoolgate.vmspool.intake.SpoolFileDecoder;
import io.spoolgate.vmspool.intake.SpoolOrigin;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Coverage-guided fuzzing of the spool intake ({@link SpoolFileDecoder}): the format detector picks NETDATA, BSMTP
 * cards or a plain EBCDIC note by content, then the matching decoder runs. Most fuzzed inputs are plain EBCDIC cards,
 * so this is chiefly the plain-note decoder. Properties: only {@link SpoolDecodeException} escapes; a decoded file has
 * at least one mail, each a non-empty message file; a rejected file leaves no temporary file behind. Seeds:
 * {@code PlainNoteJazzerTestInputs/plainNote/}.
 */
class PlainNoteJazzerTest {

    private static Path work;

    @BeforeAll
    static void workDirectory() throws IOException {
        work = Files.createTempDirectory("jazzer-intake-");
    }

    @AfterAll
    static void removeWorkDirectory() throws IOException {
        try (var files = Files.list(work)) {
            for (Path p : files.toList()) {
                Files.deleteIfExists(p);
            }
        }
        Files.deleteIfExists(work);
    }

    @FuzzTest(maxDuration = "10m")
    void plainNote(byte[] input) throws IOException {
        SpoolFileDecoder decoder = new SpoolFileDecoder(work);
        SpoolOrigin origin = new SpoolOrigin("FUZZER", "VMNODE", 1);
        try {
            SpoolFileDecoder.Decoded decoded = decoder.decode(new ByteArrayInputStream(input), origin);
            Fuzzing.check(decoded.format() != null && !decoded.mails().isEmpty(), "decoded without mails");
            try {
                for (IntakeMail mail : decoded.mails()) {
                    Fuzzing.check(Files.size(mail.message()) > 0, "empty message file " + mail.message());
                    Fuzzing.check(mail.origin() != null && !mail.origin().userid().isBlank(), "no origin userid");
                }
            } finally {
                SpoolFileDecoder.discard(decoded.mails());
            }
        } catch (SpoolDecodeException rejected) {
            Fuzzing.check(rejected.getMessage() != null && !rejected.getMessage().isBlank(), "rejection without a message");
        }
        try (var left = Files.list(work)) {
            Fuzzing.check(left.findAny().isEmpty(), "temporary files left in the work directory");
        }
    }
}
