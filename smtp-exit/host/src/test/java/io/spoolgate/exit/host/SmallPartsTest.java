package io.spoolgate.exit.host;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Argument parsing, the latency histogram, the jar store, the loader's checks and definitions. */
class SmallPartsTest {

    @Test
    void mailAndRcptArgumentsAreParsed() {
        assertThat(SmtpArguments.parse("FROM:<a@b.example> SIZE=120 BODY=8BITMIME", "FROM:"))
            .isEqualTo(new SmtpArguments("a@b.example", Map.of("SIZE", "120", "BODY", "8BITMIME")));
        assertThat(SmtpArguments.parse("FROM:<>", "FROM:").address()).isEmpty();
        assertThat(SmtpArguments.parse("to: <@relay.example:x@y.example> notify=never", "TO:"))
            .isEqualTo(new SmtpArguments("x@y.example", Map.of("NOTIFY", "never")));
        assertThat(SmtpArguments.parse("TO:bare@x.example", "TO:").address()).isEqualTo("bare@x.example");
    }

    @Test
    void histogramPercentilesFallInTheRightBucket() {
        LatencyHistogram histogram = new LatencyHistogram();
        for (int i = 1; i <= 99; i++) {
            histogram.record(10_000);
        }
        histogram.record(5_000_000);
        assertThat(histogram.count()).isEqualTo(100);
        assertThat(histogram.percentile(0.5)).isBetween(10_000L, 11_300L);
        assertThat(histogram.percentile(0.99)).isBetween(10_000L, 11_300L);
        assertThat(histogram.percentile(1.0)).isBetween(5_000_000L, 5_700_000L);
        assertThat(new LatencyHistogram().percentile(0.99)).isZero();
        for (long v : new long[] {0, 1, 7, 8, 9, 1000, 123_456_789L}) {
            assertThat(LatencyHistogram.upperEdge(LatencyHistogram.index(v))).isGreaterThanOrEqualTo(v);
        }
    }

    @Test
    void jarsAreStoredUnderTheirDigestAndBadUploadsRefused(@TempDir Path dir) throws Exception {
        ExitJarStore store = new ExitJarStore(dir.resolve("jars"), 10);
        Path stored = store.store("rules", new ByteArrayInputStream(new byte[] {1, 2, 3}));
        assertThat(stored.getFileName().toString()).matches("rules-[0-9a-f]{16}\\.jar");
        assertThat(Files.readAllBytes(stored)).containsExactly(1, 2, 3);
        assertThatThrownBy(() -> store.store("rules", new ByteArrayInputStream(new byte[0])))
            .hasMessageContaining("empty");
        assertThatThrownBy(() -> store.store("rules", new ByteArrayInputStream(new byte[11])))
            .hasMessageContaining("larger than 10");
        try (var files = Files.list(dir.resolve("jars"))) {
            assertThat(files).containsExactly(stored);
        }
    }

    @Test
    void theLoaderSaysWhatIsWrong(@TempDir Path dir) throws Exception {
        ExitLoader loader = new ExitLoader(getClass().getClassLoader());
        assertThatThrownBy(() -> loader.load(new ExitDefinition("x", "no.such.Exit", Optional.empty(), Map.of())))
            .hasMessageContaining("exit x: class no.such.Exit cannot be loaded");
        assertThatThrownBy(() -> loader.load(new ExitDefinition("x", String.class.getName(), Optional.empty(),
            Map.of()))).hasMessageContaining("does not implement io.spoolgate.exit.SmtpExit");
        Path notAJar = Files.writeString(dir.resolve("bad.jar"), "hello");
        assertThatThrownBy(() -> loader.load(new ExitDefinition("x", "a.B", Optional.of(notAJar), Map.of())))
            .hasMessageContaining("is not a readable jar");
        assertThatThrownBy(() -> loader.load(new ExitDefinition("x", "a.B", Optional.of(dir.resolve("none.jar")),
            Map.of()))).hasMessageContaining("does not exist");
    }

    @Test
    void exitJarsSeeOnlyTheApiAndTheJdk() {
        assertThat(ApiOnlyClassLoader.isShared("io.spoolgate.exit.SmtpExit")).isTrue();
        assertThat(ApiOnlyClassLoader.isShared("org.slf4j.Logger")).isTrue();
        assertThat(ApiOnlyClassLoader.isShared("io.spoolgate.exit.host.ExitRegistry")).isFalse();
        assertThat(ApiOnlyClassLoader.isShared("org.apache.james.core.MailAddress")).isFalse();
    }

    @Test
    void definitionsRefuseBadNames() {
        assertThatThrownBy(() -> new ExitDefinition("../x", "a.B", Optional.empty(), Map.of()))
            .hasMessageContaining("exit name");
        assertThatThrownBy(() -> new ExitDefinition("x", "a b", Optional.empty(), Map.of()))
            .hasMessageContaining("not a Java class name");
    }
}
