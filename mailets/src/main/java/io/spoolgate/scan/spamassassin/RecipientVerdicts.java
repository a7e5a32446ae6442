package io.spoolgate.scan.spamassassin;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Text form of per-recipient spam verdicts (recipients whose spamd users differ may get different scores), so that
 * they travel as one string attribute through queues and repositories: one line per recipient,
 * {@code address TAB score TAB required TAB rule,rule,…}.
 */
public final class RecipientVerdicts {
    private RecipientVerdicts() {
    }

    /**
     * @param verdicts verdict per recipient address
     * @return the text form
     */
    public static String encode(Map<String, SpamVerdict> verdicts) {
        StringBuilder out = new StringBuilder();
        for (Map.Entry<String, SpamVerdict> e : verdicts.entrySet()) {
            SpamVerdict v = e.getValue();
            out.append(e.getKey().toLowerCase(Locale.ROOT)).append('\t').append(v.score()).append('\t')
                .append(v.requiredScore()).append('\t').append(String.join(",", v.rules())).append('\n');
        }
        return out.toString();
    }

    /**
     * @param text the text form
     * @return verdict per lower-cased recipient address; malformed lines are skipped
     */
    public static Map<String, SpamVerdict> decode(String text) {
        Map<String, SpamVerdict> verdicts = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            String[] f = line.split("\t", -1);
            if (f.length != 4) {
                continue;
            }
            try {
                List<String> rules = f[3].isEmpty() ? List.of() : Arrays.asList(f[3].split(","));
                verdicts.put(f[0], new SpamVerdict(Double.parseDouble(f[1]), Double.parseDouble(f[2]), rules));
            } catch (IllegalArgumentException e) {
                // a damaged line: that recipient falls back to the mail's verdict
            }
        }
        return verdicts;
    }
}
