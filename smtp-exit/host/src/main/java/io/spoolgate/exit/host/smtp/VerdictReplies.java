package io.spoolgate.exit.host.smtp;

import io.spoolgate.exit.Verdict;
import org.apache.james.protocols.api.Response;
import org.apache.james.protocols.smtp.SMTPResponse;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.HookReturnCode;

/**
 * Turns exit verdicts into James replies. Continue and accept become "no answer" ({@code null} /
 * {@link HookResult#DECLINED}) so James's own checks always run; only rejects answer.
 */
final class VerdictReplies {
    private static final String DEFAULT_PERMANENT = "5.7.1 Rejected by site policy";
    private static final String DEFAULT_TEMPORARY = "4.7.1 Deferred by site policy";

    private VerdictReplies() {
    }

    /** @return null to let James carry on, or the reject reply (closing the session for a session reject) */
    static Response response(Verdict verdict) {
        if (!verdict.isReject()) {
            return null;
        }
        SMTPResponse response = new SMTPResponse(String.valueOf(verdict.code()), text(verdict));
        if (verdict.kind() == Verdict.Kind.REJECT_SESSION) {
            response.setEndSession(true);
        }
        return response;
    }

    static HookResult hookResult(Verdict verdict) {
        if (!verdict.isReject()) {
            return HookResult.DECLINED;
        }
        HookReturnCode code = verdict.isPermanent() ? HookReturnCode.deny() : HookReturnCode.denySoft();
        if (verdict.kind() == Verdict.Kind.REJECT_SESSION) {
            code = HookReturnCode.disconnected(code.getAction());
        }
        return HookResult.builder().hookReturnCode(code).smtpReturnCode(String.valueOf(verdict.code()))
            .smtpDescription(text(verdict)).build();
    }

    private static String text(Verdict verdict) {
        if (!verdict.text().isEmpty()) {
            return verdict.text();
        }
        return verdict.isPermanent() ? DEFAULT_PERMANENT : DEFAULT_TEMPORARY;
    }
}
