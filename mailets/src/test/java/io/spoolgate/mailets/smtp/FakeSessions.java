package io.spoolgate.mailets.smtp;

import java.lang.reflect.Proxy;
import java.net.InetSocketAddress;
import java.util.Map;

import org.apache.james.protocols.smtp.SMTPSession;

/** SMTP sessions for hook tests: only what the hooks ask (client address, session id, TLS); anything else fails. */
public final class FakeSessions {

    private FakeSessions() {
    }

    public static SMTPSession session(String clientIp, boolean tls) {
        Map<String, Object> answers = Map.of(
            "getRemoteAddress", new InetSocketAddress(clientIp, 40000),
            "getSessionID", "test-session",
            "isTLSStarted", tls);
        return (SMTPSession) Proxy.newProxyInstance(FakeSessions.class.getClassLoader(), new Class<?>[] {SMTPSession.class},
            (proxy, method, args) -> {
                if (!answers.containsKey(method.getName())) {
                    throw new UnsupportedOperationException("fake session: " + method.getName());
                }
                return answers.get(method.getName());
            });
    }
}
