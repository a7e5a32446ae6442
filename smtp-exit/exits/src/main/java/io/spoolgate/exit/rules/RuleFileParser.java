package io.spoolgate.exit.rules;

import io.spoolgate.exit.ExitCall;
import io.spoolgate.exit.ExitCommand;
import io.spoolgate.exit.MailOrigin;
import io.spoolgate.exit.Verdict;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Parses a rules file. One rule per line, {@code #} starts a comment:
 *
 * <pre>
 * CONDITION [CONDITION ...] =&gt; ACTION
 *
 * client=10.0.0.0/8,2001:db8::/32       client address in one of the networks   (decided at connect)
 * origin=tcp | origin=spool             where the mail comes from                (connect)
 * helo=GLOB                             HELO/EHLO name                           (HELO)
 * sender=GLOB | sender=&lt;&gt;               MAIL FROM address; &lt;&gt; = null sender     (MAIL)
 * user=GLOB                             VM userid of spool mail, or AUTH user    (MAIL)
 * recipient=GLOB                        each RCPT TO address                     (RCPT)
 * header:NAME~REGEX                     a header value contains REGEX            (end of data)
 * size&gt;BYTES | size&lt;BYTES               message size                             (end of data)
 *
 * continue | accept | reject-message CODE TEXT | reject-session CODE TEXT
 * </pre>
 *
 * GLOBs use {@code *} and {@code ?} and ignore case; REGEX is a Java regular expression without spaces (write
 * {@code \s}). A rule is decided at the latest stage among its conditions; within a stage the first matching rule
 * wins.
 */
public final class RuleFileParser {
    private static final String ARROW = "=>";
    private static final int MAX_RULES = 10_000;

    private RuleFileParser() {
    }

    /**
     * @param source a name for error messages (the file path)
     * @param text   the file contents
     * @return the rules
     * @throws IllegalArgumentException naming the source, the line and the problem
     */
    public static RuleSet parse(String source, String text) {
        List<Rule> rules = new ArrayList<>();
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = stripComment(lines[i]).trim();
            if (line.isEmpty()) {
                continue;
            }
            try {
                rules.add(parseRule(i + 1, line));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(source + " line " + (i + 1) + ": " + e.getMessage(), e);
            }
            if (rules.size() > MAX_RULES) {
                throw new IllegalArgumentException(source + ": more than " + MAX_RULES + " rules");
            }
        }
        return new RuleSet(rules);
    }

    private static String stripComment(String line) {
        int hash = line.indexOf('#');
        return hash < 0 ? line : line.substring(0, hash);
    }

    private static Rule parseRule(int number, String line) {
        int arrow = line.indexOf(ARROW);
        if (arrow < 0) {
            throw new IllegalArgumentException("missing '=>' between conditions and action");
        }
        List<Condition> conditions = new ArrayList<>();
        for (String word : line.substring(0, arrow).trim().split("\\s+")) {
            if (!word.isEmpty()) {
                conditions.add(condition(word));
            }
        }
        if (conditions.isEmpty()) {
            throw new IllegalArgumentException("a rule needs at least one condition");
        }
        return new Rule(number, conditions, action(line.substring(arrow + ARROW.length()).trim()));
    }

    static Condition condition(String word) {
        if (word.regionMatches(true, 0, "header:", 0, 7)) {
            int tilde = word.indexOf('~');
            if (tilde < 8) {
                throw new IllegalArgumentException("expected header:NAME~REGEX, got '" + word + "'");
            }
            String name = word.substring(7, tilde);
            Pattern regex;
            try {
                regex = Pattern.compile(word.substring(tilde + 1));
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException("bad regular expression in '" + word + "': " + e.getDescription(), e);
            }
            return new Condition(RuleStage.END_OF_DATA, word,
                input -> input.headers().values(name).stream().anyMatch(v -> regex.matcher(v).find()));
        }
        if (word.startsWith("size>") || word.startsWith("size<")) {
            long limit = number(word.substring(5), word);
            boolean greater = word.charAt(4) == '>';
            return new Condition(RuleStage.END_OF_DATA, word, input -> {
                long size = input.call().message().map(m -> m.size()).orElse(-1L);
                return size >= 0 && (greater ? size > limit : size < limit);
            });
        }
        int equals = word.indexOf('=');
        if (equals <= 0) {
            throw new IllegalArgumentException("unknown condition '" + word + "'");
        }
        String key = word.substring(0, equals).toLowerCase(Locale.ROOT);
        String value = word.substring(equals + 1);
        switch (key) {
            case "client":
                return clientCondition(word, value);
            case "origin":
                MailOrigin origin = origin(value, word);
                return new Condition(RuleStage.CONNECT, word, input -> input.call().connection().origin() == origin);
            case "helo":
                Glob helo = Glob.of(value);
                return new Condition(RuleStage.HELO, word,
                    input -> helo.matches(input.call().connection().heloName().orElse("")));
            case "sender":
                Glob sender = Glob.of(value.equals("<>") ? "" : value);
                return new Condition(RuleStage.MAIL, word, input -> sender.matches(sender(input.call())));
            case "user":
                Glob user = Glob.of(value);
                return new Condition(RuleStage.MAIL, word, input -> input.call().connection().spoolUser()
                    .or(() -> input.call().connection().authenticatedUser()).map(user::matches).orElse(false));
            case "recipient":
                Glob recipient = Glob.of(value);
                return new Condition(RuleStage.RCPT, word, input -> recipient.matches(input.call().argument()));
            default:
                throw new IllegalArgumentException("unknown condition '" + key + "' in '" + word + "'");
        }
    }

    private static Condition clientCondition(String word, String value) {
        List<Cidr> networks = new ArrayList<>();
        for (String part : value.split(",")) {
            networks.add(Cidr.parse(part));
        }
        return new Condition(RuleStage.CONNECT, word, input -> input.call().connection().clientAddress()
            .map(address -> address.getAddress() != null
                && networks.stream().anyMatch(network -> network.contains(address.getAddress())))
            .orElse(false));
    }

    private static String sender(ExitCall call) {
        return call.command() == ExitCommand.MAIL ? call.argument() : call.envelope().sender().orElse("");
    }

    private static MailOrigin origin(String value, String word) {
        try {
            return MailOrigin.valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("origin must be tcp or spool in '" + word + "'", e);
        }
    }

    private static long number(String text, String word) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("expected a number of bytes in '" + word + "'", e);
        }
    }

    static Verdict action(String text) {
        String[] parts = text.split("\\s+", 3);
        switch (parts[0].toLowerCase(Locale.ROOT)) {
            case "continue":
                return Verdict.CONTINUE;
            case "accept":
                return Verdict.ACCEPT;
            case "reject-message":
            case "reject-session":
                if (parts.length < 2) {
                    throw new IllegalArgumentException("'" + parts[0] + "' needs a reply code, e.g. 550");
                }
                int code = (int) number(parts[1], text);
                String reply = parts.length > 2 ? parts[2] : "";
                return parts[0].equalsIgnoreCase("reject-message") ? Verdict.rejectMessage(code, reply)
                    : Verdict.rejectSession(code, reply);
            default:
                throw new IllegalArgumentException("unknown action '" + parts[0]
                    + "' (continue, accept, reject-message CODE TEXT, reject-session CODE TEXT)");
        }
    }
}
