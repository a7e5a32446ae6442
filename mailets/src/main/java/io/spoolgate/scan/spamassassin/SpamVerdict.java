package io.spoolgate.scan.spamassassin;

import java.util.List;
import java.util.Objects;

/**
 * spamd's verdict on one message.
 *
 * @param score the SpamAssassin score
 * @param requiredScore spamd's own required_score (informational; Spoolgate's thresholds decide)
 * @param rules names of the rules that hit, in spamd's order
 */
public record SpamVerdict(double score, double requiredScore, List<String> rules) {
    /** Validates the fields. */
    public SpamVerdict {
        if (Double.isNaN(score) || Double.isNaN(requiredScore)) {
            throw new IllegalArgumentException("spam score must be a number");
        }
        rules = List.copyOf(Objects.requireNonNull(rules, "rules"));
    }
}
