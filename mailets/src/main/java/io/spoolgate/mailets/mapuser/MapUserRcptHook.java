package io.spoolgate.mailets.mapuser;

import java.util.Optional;

import javax.inject.Inject;

import org.apache.commons.configuration2.Configuration;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.apache.james.domainlist.api.DomainList;
import org.apache.james.domainlist.api.DomainListException;
import org.apache.james.filesystem.api.FileSystem;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.HookReturnCode;
import org.apache.james.protocols.smtp.hook.RcptHook;
import org.apache.james.rrt.api.RecipientRewriteTable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.spoolgate.addressing.mapping.MapUserSettings;
import io.spoolgate.addressing.mapping.Mapping;
import io.spoolgate.addressing.mapping.RecipientAddress;
import io.spoolgate.addressing.mapping.RoutedLocalPart;
import io.spoolgate.addressing.mapping.UnknownUserPolicy;

/**
 * MAPUSER at RCPT time, for recipients of local domains, with the same settings as the {@link MapUser} mailet:
 * <ul>
 * <li>local parts that carry a route ({@code user%other}, {@code host!user}, {@code "user@other"}) are refused with
 * {@code 550 5.7.1} when {@code refuseRoutedLocalParts=true} (default) — they are relay tricks, never VM users;</li>
 * <li>when {@code unknownUsers=reject} (or {@code unknownUsers.<domain>=reject}), a recipient no strategy knows is refused with {@code 550 5.1.1}; a strategy
 * that cannot answer in time (LDAP down) gives {@code 451 4.4.3} so the client retries.</li>
 * </ul>
 * Never accepts by itself (always DECLINED otherwise), so James's relay checks still run. While lookups may block
 * ({@link #mayBlock}), RCPT lines are processed on the SMTP worker threads, never on the I/O threads.
 *
 * <p>Parameters (child elements of {@code <handler>}):
 * <ul>
 * <li>{@code configuration} — the MAPUSER settings; default {@code file://conf/mapuser.properties}.</li>
 * </ul>
 */
public final class MapUserRcptHook implements RcptHook {

    private static final Logger LOGGER = LoggerFactory.getLogger(MapUserRcptHook.class);

    private final FileSystem fileSystem;
    private final RecipientRewriteTable recipientRewriteTable;
    private final DomainList domainList;
    private MapUserConfiguration configuration;
    private boolean mayBlock = true;

    @Inject
    public MapUserRcptHook(FileSystem fileSystem, RecipientRewriteTable recipientRewriteTable, DomainList domainList) {
        this.fileSystem = fileSystem;
        this.recipientRewriteTable = recipientRewriteTable;
        this.domainList = domainList;
    }

    @Override
    public void init(Configuration config) throws ConfigurationException {
        String location = config.getString("configuration", MapUserConfigurations.DEFAULT_LOCATION);
        try {
            configuration = MapUserConfigurations.load(location, fileSystem, recipientRewriteTable);
            MapUserSettings settings = configuration.settings();
            mayBlock = settings.rejectsUnknownUsers() && settings.lookupsMayBlock();
        } catch (RuntimeException e) {
            throw new ConfigurationException("MapUserRcptHook: " + e.getMessage(), e);
        }
    }

    /**
     * Asked by the SMTP exit host before it lets an I/O thread process a RCPT line itself.
     *
     * @return true if unknown users are refused somewhere and recipients are looked up in LDAP or with vmcp
     */
    public boolean mayBlock() {
        return mayBlock;
    }

    @Override
    public HookResult doRcpt(SMTPSession session, MaybeSender sender, MailAddress rcpt) {
        if (!isLocal(rcpt)) {
            return HookResult.DECLINED;
        }
        if (configuration.settings().refuseRoutedLocalParts()) {
            Optional<String> route = RoutedLocalPart.reason(rcpt.getLocalPart());
            if (route.isPresent()) {
                return deny("550", "5.7.1 <" + rcpt.asString() + ">: " + route.get() + " is not accepted here");
            }
        }
        if (configuration.settings().unknownUsers(rcpt.getDomain().asString()) != UnknownUserPolicy.REJECT) {
            return HookResult.DECLINED;
        }
        Mapping mapping;
        try {
            mapping = configuration.mappings().resolve(new RecipientAddress(rcpt.getLocalPart(), rcpt.getDomain().asString()));
        } catch (RuntimeException e) {
            LOGGER.warn("SMTP session {}: cannot map {}: {}", session.getSessionID(), rcpt, e.getMessage());
            return HookResult.builder().hookReturnCode(HookReturnCode.denySoft()).smtpReturnCode("451")
                .smtpDescription("4.4.3 <" + rcpt.asString() + ">: user directory unavailable, try again later").build();
        }
        if (mapping.unknownUser()) {
            return deny("550", "5.1.1 <" + rcpt.asString() + ">: no such VM user here");
        }
        return HookResult.DECLINED;
    }

    private boolean isLocal(MailAddress rcpt) {
        try {
            return domainList.containsDomain(rcpt.getDomain());
        } catch (DomainListException e) {
            LOGGER.warn("domain list lookup of {} failed: {}", rcpt.getDomain(), e.getMessage());
            return false;
        }
    }

    private static HookResult deny(String code, String text) {
        return HookResult.builder().hookReturnCode(HookReturnCode.deny()).smtpReturnCode(code).smtpDescription(text).build();
    }
}
