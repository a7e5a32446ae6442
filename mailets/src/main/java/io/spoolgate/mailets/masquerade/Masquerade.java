package io.spoolgate.mailets.masquerade;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Set;

import javax.inject.Inject;
import javax.mail.MessagingException;
import javax.mail.internet.MimeMessage;

import org.apache.james.core.MailAddress;
import org.apache.james.domainlist.api.DomainList;
import org.apache.james.domainlist.api.DomainListException;
import org.apache.james.mime4j.field.address.LenientAddressParser;
import org.apache.james.server.core.MailImpl;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMailet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.spoolgate.addressing.rewrite.AddressHeaderRewriter;
import io.spoolgate.addressing.rewrite.MasqueradeRules;
import io.spoolgate.addressing.rewrite.RewriteField;

/**
 * Masquerading: makes mail look as if it came from the site's name. Qualifies bare local parts ({@code USER1},
 * {@code USER1 AT NODE}) and rewrites {@code user@host.sub.domain} to {@code user@domain} for the configured domains,
 * in the chosen envelope fields and headers. Only the domains of addresses change: display names, comments, groups,
 * encoded words and the body are untouched. Each rewritten address header is checked with mime4j's address parser
 * (same number of addresses before and after), else left as it was.
 *
 * <p>Parameters:
 * <ul>
 * <li>{@code qualifyDomain} — domain for bare local parts; default: James's default domain.</li>
 * <li>{@code domains} — masquerade domains, comma-separated, first match wins; default: the qualify domain.</li>
 * <li>{@code exceptions} — local parts never masqueraded; default {@code postmaster, root, mailer-daemon}.</li>
 * <li>{@code rewrite} — what to rewrite: {@code all} or any of {@code envelope-sender, envelope-recipients, from,
 * sender, reply-to, to, cc, return-path, message-id}; default
 * {@code envelope-sender, from, sender, reply-to, return-path}.</li>
 * <li>{@code localNodes} — VM node names that are this system ({@code USER AT NODE} becomes {@code USER@qualifyDomain}
 * for them, {@code USER@node.qualifyDomain} for other nodes); default none.</li>
 * </ul>
 */
public final class Masquerade extends GenericMailet {

    private static final Logger LOGGER = LoggerFactory.getLogger(Masquerade.class);

    private final DomainList domainList;
    private MasqueradeRules rules;
    private AddressHeaderRewriter headers;
    private Set<RewriteField> fields;

    @Inject
    public Masquerade(DomainList domainList) {
        this.domainList = domainList;
    }

    @Override
    public void init() throws MessagingException {
        try {
            String qualifyDomain = getInitParameter("qualifyDomain");
            if (qualifyDomain == null || qualifyDomain.isBlank()) {
                qualifyDomain = domainList.getDefaultDomain().asString();
            }
            rules = new MasqueradeRules(qualifyDomain.trim(),
                list(getInitParameter("domains", qualifyDomain)),
                Set.copyOf(list(getInitParameter("exceptions", "postmaster, root, mailer-daemon"))),
                Set.copyOf(list(getInitParameter("localNodes", ""))));
            fields = RewriteField.parseList(getInitParameter("rewrite", "envelope-sender, from, sender, reply-to, return-path"));
        } catch (IllegalArgumentException | DomainListException e) {
            throw new MessagingException("Masquerade: " + e.getMessage(), e);
        }
        headers = new AddressHeaderRewriter(rules);
    }

    private static List<String> list(String text) {
        return Arrays.stream(text.split("[,\\s]+")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    @Override
    public void service(Mail mail) throws MessagingException {
        if (fields.contains(RewriteField.ENVELOPE_SENDER)) {
            mail.getMaybeSender().asOptional().ifPresent(sender -> setSender(mail, rewrite(sender)));
        }
        if (fields.contains(RewriteField.ENVELOPE_RECIPIENTS)) {
            Collection<MailAddress> rewritten = new ArrayList<>();
            for (MailAddress rcpt : mail.getRecipients()) {
                rewritten.add(rewrite(rcpt));
            }
            mail.setRecipients(rewritten);
        }
        MimeMessage message = mail.getMessage();
        boolean changed = false;
        for (RewriteField field : fields) {
            if (field.headerName() != null) {
                changed |= rewriteHeader(mail, message, field);
            }
        }
        if (changed) {
            message.saveChanges();
        }
    }

    private static void setSender(Mail mail, MailAddress sender) {
        if (mail instanceof MailImpl impl) {
            impl.setSender(sender);
        } else {
            LOGGER.warn("mail {}: envelope sender not masqueraded ({} cannot change it)", mail.getName(),
                mail.getClass().getName());
        }
    }

    private MailAddress rewrite(MailAddress address) {
        return rules.masquerade(address.getLocalPart(), address.getDomain().asString())
            .map(domain -> {
                try {
                    return new MailAddress(address.getLocalPart(), domain);
                } catch (javax.mail.internet.AddressException e) {
                    return address;
                }
            })
            .orElse(address);
    }

    private boolean rewriteHeader(Mail mail, MimeMessage message, RewriteField field) throws MessagingException {
        String name = field.headerName();
        String[] values = message.getHeader(name);
        if (values == null || values.length == 0) {
            return false;
        }
        String[] rewritten = new String[values.length];
        boolean changed = false;
        for (int i = 0; i < values.length; i++) {
            rewritten[i] = field == RewriteField.MESSAGE_ID ? headers.rewriteMessageId(values[i])
                : checked(mail, name, values[i], headers.rewriteAddressList(values[i]));
            changed |= !rewritten[i].equals(values[i]);
        }
        if (!changed) {
            return false;
        }
        message.setHeader(name, rewritten[0]);
        for (int i = 1; i < rewritten.length; i++) {
            message.addHeader(name, rewritten[i]);
        }
        return true;
    }

    private static String checked(Mail mail, String name, String before, String after) {
        if (before.equals(after)) {
            return before;
        }
        try {
            int was = LenientAddressParser.DEFAULT.parseAddressList(before).flatten().size();
            int is = LenientAddressParser.DEFAULT.parseAddressList(after).flatten().size();
            if (was == is) {
                return after;
            }
            LOGGER.warn("mail {}: {} not masqueraded: {} addresses would become {}", mail.getName(), name, was, is);
        } catch (RuntimeException e) {
            LOGGER.warn("mail {}: {} not masqueraded: {}", mail.getName(), name, e.getMessage());
        }
        return before;
    }

    @Override
    public String getMailetInfo() {
        return "Spoolgate masquerading: qualify and rewrite sender and header addresses";
    }
}
