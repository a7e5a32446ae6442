package io.spoolgate.mailets.smtp;

import javax.inject.Inject;

import org.apache.commons.configuration2.Configuration;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.james.core.MaybeSender;
import org.apache.james.dnsservice.api.DNSService;
import org.apache.james.filesystem.api.FileSystem;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.HeloHook;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.HookReturnCode;
import org.apache.james.protocols.smtp.hook.MailHook;

/**
 * Host access at HELO/EHLO and MAIL FROM time, on the real client address: behind a PROXY-protocol proxy, James knows
 * the client only after the PROXY header, so connect handlers cannot decide. A denied client gets
 * {@code 554 5.7.1 Access denied} and the connection is closed.
 *
 * <p>Parameters (child elements of {@code <handler>}):
 * <ul>
 * <li>{@code accessFile} — the host access list; default {@code file://conf/hostaccess}; re-read when changed.</li>
 * </ul>
 */
public final class HostAccessHook implements HeloHook, MailHook {

    private final FileSystem fileSystem;
    private final DNSService dns;
    private HostAccessGuard guard;

    @Inject
    public HostAccessHook(FileSystem fileSystem, DNSService dns) {
        this.fileSystem = fileSystem;
        this.dns = dns;
    }

    @Override
    public void init(Configuration config) throws ConfigurationException {
        guard = HostAccessGuard.configure(config, fileSystem, dns);
    }

    /**
     * Asked by the SMTP exit host before it lets an I/O thread process a HELO, EHLO or MAIL line itself.
     *
     * @return true while the access list has host-name rules: a check may then wait for a reverse DNS lookup
     */
    public boolean mayBlock() {
        return guard.mayLookUpNames();
    }

    @Override
    public HookResult doHelo(SMTPSession session, String helo) {
        return check(session);
    }

    @Override
    public HookResult doMail(SMTPSession session, MaybeSender sender) {
        return check(session);
    }

    private HookResult check(SMTPSession session) {
        if (guard.decide(session).allowed()) {
            return HookResult.DECLINED;
        }
        return HookResult.builder()
            .hookReturnCode(HookReturnCode.disconnected(HookReturnCode.Action.DENY))
            .smtpReturnCode("554")
            .smtpDescription(HostAccessGuard.refusal(session.getRemoteAddress().getAddress()))
            .build();
    }
}
