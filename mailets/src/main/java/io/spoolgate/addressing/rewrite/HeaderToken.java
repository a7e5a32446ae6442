package io.spoolgate.addressing.rewrite;

import java.util.ArrayList;
import java.util.List;

/**
 * A lexical token of an RFC 5322 address header, with its position in the raw (possibly folded) value, so a rewrite
 * can replace exactly one piece and keep every other byte: display names, comments, encoded words, folding.
 *
 * @param kind  what it is
 * @param start index of the first character
 * @param end   index after the last character
 */
record HeaderToken(Kind kind, int start, int end) {

    enum Kind {
        /** blanks and folding */
        SPACE,
        /** {@code (...)}, nested */
        COMMENT,
        /** {@code "..."} */
        QUOTED,
        /** {@code <...>} */
        ANGLE,
        /** one of {@code , : ; @ .} */
        SPECIAL,
        /** anything else: atoms, encoded words, domain literals */
        ATOM
    }

    /** Longest value tokenized (longer headers are left as they are by the caller). */
    static final int MAX_LENGTH = 1 << 20;

    String text(String value) {
        return value.substring(start, end);
    }

    boolean isSpecial(String value, char c) {
        return kind == Kind.SPECIAL && value.charAt(start) == c;
    }

    /** @return the tokens, or null when a quoted string, comment or angle address is not closed */
    static List<HeaderToken> tokenize(String v) {
        List<HeaderToken> tokens = new ArrayList<>();
        int i = 0;
        int n = v.length();
        while (i < n) {
            char c = v.charAt(i);
            int start = i;
            if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
                while (i < n && " \t\r\n".indexOf(v.charAt(i)) >= 0) {
                    i++;
                }
                tokens.add(new HeaderToken(Kind.SPACE, start, i));
            } else if (c == '(') {
                int depth = 0;
                while (i < n) {
                    char d = v.charAt(i);
                    if (d == '\\') {
                        i += 2;
                        continue;
                    }
                    if (d == '(') {
                        depth++;
                    } else if (d == ')') {
                        depth--;
                        if (depth == 0) {
                            i++;
                            break;
                        }
                    }
                    i++;
                }
                if (depth != 0) {
                    return null;
                }
                tokens.add(new HeaderToken(Kind.COMMENT, start, Math.min(i, n)));
            } else if (c == '"') {
                i++;
                while (i < n && v.charAt(i) != '"') {
                    i += v.charAt(i) == '\\' ? 2 : 1;
                }
                if (i >= n) {
                    return null;
                }
                i++;
                tokens.add(new HeaderToken(Kind.QUOTED, start, i));
            } else if (c == '<') {
                boolean quoted = false;
                i++;
                while (i < n && (quoted || v.charAt(i) != '>')) {
                    char d = v.charAt(i);
                    if (d == '\\' && quoted) {
                        i++;
                    } else if (d == '"') {
                        quoted = !quoted;
                    }
                    i++;
                }
                if (i >= n) {
                    return null;
                }
                i++;
                tokens.add(new HeaderToken(Kind.ANGLE, start, i));
            } else if (",:;@.".indexOf(c) >= 0) {
                i++;
                tokens.add(new HeaderToken(Kind.SPECIAL, start, i));
            } else if (c == '[') {
                while (i < n && v.charAt(i) != ']') {
                    i++;
                }
                i = Math.min(i + 1, n);
                tokens.add(new HeaderToken(Kind.ATOM, start, i));
            } else {
                while (i < n && " \t\r\n()\"<>,:;@.[".indexOf(v.charAt(i)) < 0) {
                    i++;
                }
                if (i == start) {
                    i++;
                }
                tokens.add(new HeaderToken(Kind.ATOM, start, i));
            }
        }
        return tokens;
    }
}
