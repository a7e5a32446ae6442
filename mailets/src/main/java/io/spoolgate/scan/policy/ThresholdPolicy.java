package io.spoolgate.scan.policy;

import io.spoolgate.scan.spamassassin.SpamdUserTemplate;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * One policy bank: spam levels, cut-offs and destinies applied to the recipients it is assigned to.
 *
 * @param name policy name (as used in {@code scanning.properties})
 * @param tag score from which X-Spam-* headers are added (default 0.0)
 * @param tag2 "spammy" score: flag, subject tag, defang (default 5.0)
 * @param kill spam score: the spam destiny applies (default 10.0)
 * @param dsnCutoff above this score no bounce is ever sent (default 15.0)
 * @param subjectTag prefix for spammy subjects (default {@code ***SPAM*** })
 * @param defang at tag2, wrap the original as message/rfc822 inside an explanatory message (default true)
 * @param spamDestiny destiny at kill (default DISCARD)
 * @param virusDestiny destiny for infected mail (default QUARANTINE)
 * @param bannedDestiny destiny for banned attachments (default QUARANTINE)
 * @param quarantineCutoff amavis's {@code $sa_quarantine_cutoff_level}: spam scoring at or above it is discarded
 *     instead of quarantined when the spam destiny is QUARANTINE (default empty: no cut-off)
 * @param spamdUser the spamd {@code User:} of each recipient (default: the global {@code spamd.user}, may be none)
 */
public record ThresholdPolicy(String name, double tag, double tag2, double kill, double dsnCutoff, String subjectTag,
                              boolean defang, Destiny spamDestiny, Destiny virusDestiny, Destiny bannedDestiny,
                              OptionalDouble quarantineCutoff, SpamdUserTemplate spamdUser) {

    /** The seed product's defaults. */
    public static final ThresholdPolicy DEFAULT = new ThresholdPolicy("default", 0.0, 5.0, 10.0, 15.0, "***SPAM*** ",
        true, Destiny.DISCARD, Destiny.QUARANTINE, Destiny.QUARANTINE, OptionalDouble.empty(), SpamdUserTemplate.NONE);

    /** Validates the levels. */
    public ThresholdPolicy {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(subjectTag, "subjectTag");
        Objects.requireNonNull(spamDestiny, "spamDestiny");
        Objects.requireNonNull(virusDestiny, "virusDestiny");
        Objects.requireNonNull(bannedDestiny, "bannedDestiny");
        Objects.requireNonNull(quarantineCutoff, "quarantineCutoff");
        Objects.requireNonNull(spamdUser, "spamdUser");
        if (!(tag <= tag2 && tag2 <= kill)) {
            throw new IllegalArgumentException("policy '" + name + "': levels must satisfy tag <= tag2 <= kill, got tag="
                + tag + " tag2=" + tag2 + " kill=" + kill);
        }
        if (spamDestiny == Destiny.REMOVE) {
            throw new IllegalArgumentException("policy '" + name + "': REMOVE is not a spam destiny");
        }
    }

    /**
     * @param score a SpamAssassin score
     * @return the highest level reached
     */
    public SpamLevel levelOf(double score) {
        if (score >= kill) {
            return SpamLevel.KILL;
        }
        if (score >= tag2) {
            return SpamLevel.TAG2;
        }
        if (score >= tag) {
            return SpamLevel.TAG;
        }
        return SpamLevel.NONE;
    }

    /**
     * @param level a level
     * @return the score at which it starts
     */
    public double threshold(SpamLevel level) {
        return switch (level) {
            case NONE -> Double.NEGATIVE_INFINITY;
            case TAG -> tag;
            case TAG2 -> tag2;
            case KILL -> kill;
        };
    }

    /**
     * @param score a SpamAssassin score
     * @return true when a spam destiny of QUARANTINE turns into DISCARD for this score (at or above the
     *     quarantine cut-off)
     */
    public boolean beyondQuarantineCutoff(double score) {
        return quarantineCutoff.isPresent() && score >= quarantineCutoff.getAsDouble();
    }

    /**
     * @param spamdUser spamd user template
     * @return this policy with another spamd user template
     */
    public ThresholdPolicy withSpamdUser(SpamdUserTemplate spamdUser) {
        return new ThresholdPolicy(name, tag, tag2, kill, dsnCutoff, subjectTag, defang, spamDestiny, virusDestiny,
            bannedDestiny, quarantineCutoff, spamdUser);
    }

    /**
     * @param category a scan category
     * @return the destiny configured for it (SPAMMY, UNCHECKED and CLEAN pass)
     */
    public Destiny destinyFor(ScanCategory category) {
        return switch (category) {
            case VIRUS -> virusDestiny;
            case BANNED -> bannedDestiny;
            case SPAM -> spamDestiny;
            default -> Destiny.PASS;
        };
    }
}
