package io.spoolgate.benchmarks.e2e;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/** Where a server under test puts delivered mail, read back to check that every accepted mail landed exactly once. */
interface DeliveryStore {

    /** A cheap count of delivered copies so far (for waiting until delivery is done). */
    long copies() throws IOException;

    /** How many copies one mail for these recipients ({@code userN@domain}) leaves in this store. */
    int copiesFor(java.util.List<String> recipients);

    /** Every delivered copy's Message-ID (without angle brackets) that starts with {@code prefix}, with its count. */
    Map<String, Integer> messageIds(String prefix) throws IOException;

    /**
     * Waits until the store holds at least {@code target} copies ({@link #copies()}, polled) or the deadline passes.
     *
     * @param target        copies to wait for (those present before the run included)
     * @param deadlineNanos {@link System#nanoTime()} after which it gives up
     * @param pollMillis    pause between two counts
     */
    default void awaitCopies(long target, long deadlineNanos, long pollMillis) throws IOException, InterruptedException {
        while (copies() < target && System.nanoTime() < deadlineNanos) {
            Thread.sleep(pollMillis);
        }
    }

    /** Parses {@code KIND:DIR}: {@code readers}, {@code filerepo}, {@code mbox} or {@code maildir}. */
    static DeliveryStore parse(String spec) {
        int colon = spec.indexOf(':');
        if (colon < 1) {
            throw new IllegalArgumentException("--store needs KIND:DIR, not '" + spec + "'");
        }
        Path dir = Path.of(spec.substring(colon + 1));
        return switch (spec.substring(0, colon)) {
            case "readers" -> new ReaderSpoolStore(dir);
            case "filerepo" -> new FileRepositoryStore(dir);
            case "mbox" -> new MboxStore(dir);
            case "maildir" -> new MaildirStore(dir);
            default -> throw new IllegalArgumentException("unknown store kind in '" + spec
                + "' (readers, filerepo, mbox or maildir)");
        };
    }
}
