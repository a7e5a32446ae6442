package io.spoolgate.mailets.smtp;

import org.apache.james.core.Username;
import org.apache.james.protocols.api.OidcSASLConfiguration;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.AuthHook;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.HookReturnCode;

/**
 * SMTP AUTH only after STARTTLS (or on a TLS socket). James 3.8.1's {@code auth/requireSSL} only hides AUTH from the
 * EHLO list: a client that sends {@code AUTH PLAIN} anyway over plain text is still authenticated. This hook refuses
 * such attempts with {@code 538 5.7.11 Encryption required} before the password is checked. Over TLS it declines, so
 * James's own authentication decides. No parameters.
 */
public final class TlsRequiredAuthHook implements AuthHook {

    private static final HookResult ENCRYPTION_REQUIRED = HookResult.builder()
        .hookReturnCode(HookReturnCode.deny())
        .smtpReturnCode("538")
        .smtpDescription("5.7.11 Encryption required: use STARTTLS before AUTH")
        .build();

    @Override
    public HookResult doAuth(SMTPSession session, Username username, String password) {
        return session.isTLSStarted() ? HookResult.DECLINED : ENCRYPTION_REQUIRED;
    }

    @Override
    public HookResult doSasl(SMTPSession session, OidcSASLConfiguration saslConfiguration, String initialResponse) {
        return session.isTLSStarted() ? HookResult.DECLINED : ENCRYPTION_REQUIRED;
    }
}
