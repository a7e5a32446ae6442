package io.spoolgate.addressing.rewrite;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Applies {@link MasqueradeRules} to the addresses of an address-list header ({@code From}, {@code To}, {@code Cc},
 * {@code Reply-To}, {@code Sender}, {@code Return-Path}) and to the host part of a {@code Message-ID}, changing only
 * the addresses' domains (or adding one): display names, comments, quoted local parts, groups, encoded words and
 * folding are kept byte for byte.
 */
public final class AddressHeaderRewriter {

    private record Splice(int start, int end, String text) {
    }

    private final MasqueradeRules rules;

    public AddressHeaderRewriter(MasqueradeRules rules) {
        this.rules = rules;
    }

    /** @return the rewritten value (the same string when nothing changed) */
    public String rewriteAddressList(String value) {
        if (value.length() > HeaderToken.MAX_LENGTH) {
            return value;
        }
        List<HeaderToken> tokens = HeaderToken.tokenize(value);
        if (tokens == null) {
            return value;
        }
        List<Splice> splices = new ArrayList<>();
        List<HeaderToken> segment = new ArrayList<>();
        for (HeaderToken t : tokens) {
            if (t.isSpecial(value, ':')) {
                segment.clear(); // a group's display name
            } else if (t.isSpecial(value, ',') || t.isSpecial(value, ';')) {
                mailbox(value, segment, splices);
                segment.clear();
            } else {
                segment.add(t);
            }
        }
        mailbox(value, segment, splices);
        return apply(value, splices);
    }

    /** Masquerades the host part of {@code <left@host>}; everything else is kept. */
    public String rewriteMessageId(String value) {
        int open = value.indexOf('<');
        int close = open < 0 ? -1 : value.indexOf('>', open);
        if (close < 0) {
            return value;
        }
        int at = value.lastIndexOf('@', close);
        if (at <= open) {
            return value;
        }
        String host = value.substring(at + 1, close);
        return rules.masqueradeHost(host)
            .map(m -> value.substring(0, at + 1) + m + value.substring(close))
            .orElse(value);
    }

    private void mailbox(String value, List<HeaderToken> segment, List<Splice> splices) {
        for (HeaderToken t : segment) {
            if (t.kind() == HeaderToken.Kind.ANGLE) {
                angle(value, t, splices);
                return;
            }
        }
        List<HeaderToken> sig = segment.stream()
            .filter(t -> t.kind() != HeaderToken.Kind.SPACE && t.kind() != HeaderToken.Kind.COMMENT).toList();
        if (sig.isEmpty()) {
            return;
        }
        int at = -1;
        for (int i = 0; i < sig.size(); i++) {
            if (sig.get(i).isSpecial(value, '@')) {
                at = i;
            }
        }
        if (at > 0) {
            int end = at + 1;
            while (end < sig.size() && (sig.get(end).kind() == HeaderToken.Kind.ATOM || sig.get(end).isSpecial(value, '.'))) {
                end++;
            }
            if (end == at + 1) {
                return;
            }
            int domainStart = sig.get(at + 1).start();
            int domainEnd = sig.get(end - 1).end();
            String local = value.substring(sig.get(0).start(), sig.get(at).start()).trim();
            String domain = value.substring(domainStart, domainEnd);
            rules.masquerade(local, domain).ifPresent(m -> splices.add(new Splice(domainStart, domainEnd, m)));
            return;
        }
        if (at == 0) {
            return;
        }
        if (sig.size() == 3 && sig.get(0).kind() == HeaderToken.Kind.ATOM && sig.get(2).kind() == HeaderToken.Kind.ATOM
            && sig.get(1).kind() == HeaderToken.Kind.ATOM && sig.get(1).text(value).toLowerCase(Locale.ROOT).equals("at")) {
            splices.add(new Splice(sig.get(0).start(), sig.get(2).end(),
                rules.qualifyAtNode(sig.get(0).text(value), sig.get(2).text(value))));
            return;
        }
        if (isBareLocalPart(value, sig)) {
            int start = sig.get(0).start();
            int end = sig.get(sig.size() - 1).end();
            splices.add(new Splice(start, end, rules.qualify(value.substring(start, end))));
        }
    }

    /** {@code word(.word)*} where a word is an atom (not an encoded word) or a quoted string. */
    private static boolean isBareLocalPart(String value, List<HeaderToken> sig) {
        for (int i = 0; i < sig.size(); i++) {
            HeaderToken t = sig.get(i);
            boolean wordPlace = i % 2 == 0;
            if (wordPlace) {
                boolean word = t.kind() == HeaderToken.Kind.QUOTED
                    || (t.kind() == HeaderToken.Kind.ATOM && !t.text(value).startsWith("=?") && !t.text(value).startsWith("["));
                if (!word) {
                    return false;
                }
            } else if (!t.isSpecial(value, '.')) {
                return false;
            }
        }
        return sig.size() % 2 == 1;
    }

    private void angle(String value, HeaderToken t, List<Splice> splices) {
        int innerStart = t.start() + 1;
        int innerEnd = value.charAt(t.end() - 1) == '>' && t.end() - 1 >= innerStart ? t.end() - 1 : t.end();
        String inner = value.substring(innerStart, innerEnd);
        String trimmed = inner.strip();
        if (trimmed.isEmpty()) {
            return;
        }
        int offset = innerStart + inner.indexOf(trimmed);
        String route = "";
        String addrSpec = trimmed;
        if (trimmed.startsWith("@")) {
            int colon = trimmed.indexOf(':');
            if (colon < 0) {
                return;
            }
            route = trimmed.substring(0, colon + 1);
            addrSpec = trimmed.substring(colon + 1);
        }
        String rewritten = rules.rewriteAddrSpec(addrSpec);
        if (!rewritten.equals(addrSpec)) {
            splices.add(new Splice(offset + route.length(), offset + trimmed.length(), rewritten));
        }
    }

    private static String apply(String value, List<Splice> splices) {
        if (splices.isEmpty()) {
            return value;
        }
        StringBuilder out = new StringBuilder(value.length() + 32);
        int pos = 0;
        for (Splice s : splices) {
            out.append(value, pos, s.start()).append(s.text());
            pos = s.end();
        }
        out.append(value, pos, value.length());
        return out.toString();
    }
}
