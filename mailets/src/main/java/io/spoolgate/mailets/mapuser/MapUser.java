package io.spoolgate.mailets.mapuser;

import java.util.LinkedHashMap;
import java.util.Map;

import javax.inject.Inject;
import javax.mail.MessagingException;

import org.apache.james.core.MailAddress;
import org.apache.james.filesystem.api.FileSystem;
import org.apache.james.rrt.api.RecipientRewriteTable;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMailet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.spoolgate.addressing.mapping.Mapping;
import io.spoolgate.addressing.mapping.RecipientAddress;
import io.spoolgate.vmspool.james.SpoolgateAttributes;

/**
 * MAPUSER: finds the VM userid, delivery format and file type of each recipient of a local domain with the chain
 * configured for that domain, and records it in the mail attribute {@code spoolgate.routes} (recipient →
 * {@code USERID format FILETYPE}) that the {@code vmspool://} repository follows. Routes already present (set by an
 * earlier mailet) are kept. Recipients of other domains are left alone.
 *
 * <p>Parameters:
 * <ul>
 * <li>{@code configuration} — the MAPUSER settings file; default {@code file://conf/mapuser.properties} (missing file:
 * chain {@code default}, default user {@code MAINT}, netdata, MAIL). Shared with {@link MapUserRcptHook} and the
 * webadmin route.</li>
 * </ul>
 * A strategy that cannot answer (LDAP down, vmcp failing) makes the mailet throw: declare
 * {@code <onMailetException>spool-retry</onMailetException>} so the mail is retried later instead of guessed.
 */
public final class MapUser extends GenericMailet {

    private static final Logger LOGGER = LoggerFactory.getLogger(MapUser.class);

    private final FileSystem fileSystem;
    private final RecipientRewriteTable recipientRewriteTable;
    private MapUserConfiguration configuration;

    @Inject
    public MapUser(FileSystem fileSystem, RecipientRewriteTable recipientRewriteTable) {
        this.fileSystem = fileSystem;
        this.recipientRewriteTable = recipientRewriteTable;
    }

    @Override
    public void init() throws MessagingException {
        String location = getInitParameter("configuration", MapUserConfigurations.DEFAULT_LOCATION);
        try {
            configuration = MapUserConfigurations.load(location, fileSystem, recipientRewriteTable);
        } catch (RuntimeException e) {
            throw new MessagingException("MapUser: " + e.getMessage(), e);
        }
        LOGGER.info("MapUser configured from {}: {}", location, configuration.settings().asMap());
    }

    @Override
    public void service(Mail mail) throws MessagingException {
        Map<String, AttributeValue<?>> routes = new LinkedHashMap<>();
        mail.getAttribute(SpoolgateAttributes.ROUTES).ifPresent(existing -> {
            if (existing.getValue().value() instanceof Map<?, ?> map) {
                map.forEach((k, v) -> routes.put(String.valueOf(k),
                    v instanceof AttributeValue<?> av ? av : AttributeValue.of(String.valueOf(v))));
            }
        });
        for (MailAddress rcpt : mail.getRecipients()) {
            if (routes.containsKey(rcpt.asString()) || !getMailetContext().isLocalServer(rcpt.getDomain())) {
                continue;
            }
            Mapping mapping;
            try {
                mapping = configuration.mappings().resolve(new RecipientAddress(rcpt.getLocalPart(), rcpt.getDomain().asString()));
            } catch (RuntimeException e) {
                throw new MessagingException("MapUser: mail " + mail.getName() + ", recipient " + rcpt + ": "
                    + e.getMessage(), e);
            }
            routes.put(rcpt.asString(), AttributeValue.of(mapping.asRoute()));
            LOGGER.debug("mail {} recipient {} -> {} ({})", mail.getName(), rcpt, mapping.asRoute(), mapping.strategy());
        }
        mail.setAttribute(new Attribute(SpoolgateAttributes.ROUTES, AttributeValue.of(routes)));
    }

    @Override
    public String getMailetInfo() {
        return "Spoolgate MAPUSER: recipient to VM userid, format and file type";
    }
}
