package io.spoolgate.scan.policy;

import io.spoolgate.scan.spamassassin.SpamVerdict;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The amavis-style X-Spam-* header values for a verdict under a policy.
 */
public final class SpamHeaders {
    /** Prefix of every header this class writes; incoming headers with it are removed first. */
    public static final String PREFIX = "X-Spam-";
    private static final int MAX_STARS = 64;

    private SpamHeaders() {
    }

    /**
     * @param verdict spamd's verdict
     * @param policy the recipient's policy
     * @return header name to unfolded value, in writing order ({@code X-Spam-Flag}, {@code X-Spam-Score},
     *     {@code X-Spam-Level}, {@code X-Spam-Status}); empty below the tag level
     */
    public static Map<String, String> of(SpamVerdict verdict, ThresholdPolicy policy) {
        Map<String, String> headers = new LinkedHashMap<>();
        SpamLevel level = policy.levelOf(verdict.score());
        if (level == SpamLevel.NONE) {
            return headers;
        }
        boolean spammy = level.compareTo(SpamLevel.TAG2) >= 0;
        headers.put("X-Spam-Flag", spammy ? "YES" : "NO");
        headers.put("X-Spam-Score", score(verdict.score()));
        headers.put("X-Spam-Level", level(verdict.score()));
        headers.put("X-Spam-Status", (spammy ? "Yes" : "No") + ", score=" + score(verdict.score())
            + " tagged_above=" + score(policy.tag()) + " required=" + score(policy.tag2())
            + " tests=[" + String.join(", ", verdict.rules()) + "]");
        return headers;
    }

    /**
     * @param score a score
     * @return the score with three decimals, as amavis writes it
     */
    public static String score(double score) {
        return String.format(Locale.ROOT, "%.3f", score);
    }

    /**
     * @param score a score
     * @return one star per whole point, at most 64, none for negative scores
     */
    public static String level(double score) {
        int stars = (int) Math.max(0, Math.min(MAX_STARS, Math.floor(score)));
        return "*".repeat(stars);
    }

    /**
     * Adds the tag to a subject unless it already starts with it.
     *
     * @param subject the current subject, may be null
     * @param tag the tag, e.g. {@code ***SPAM*** }
     * @return the tagged subject
     */
    public static String tagSubject(String subject, String tag) {
        String s = subject == null ? "" : subject;
        return s.startsWith(tag.strip()) ? s : tag + s;
    }

    /**
     * @param rules rule names
     * @return rules joined for display
     */
    public static String rules(List<String> rules) {
        return String.join(",", rules);
    }
}
