package io.spoolgate.exit.host.smtp;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * Whether a hook in James's SMTP handler chain may block (wait on the network, a command or a slow lock) when it
 * checks a command. A hook class answers for itself with a public {@code boolean mayBlock()} method, asked each time;
 * the hooks of James 3.8.1's own chain that answer from memory are known; any other hook may block.
 */
final class HookBlocking {
    /** James's hooks that answer from memory (the memory app's domain list and users, the session, the size limit). */
    static final Set<String> ANSWER_FROM_MEMORY = Set.of(
        "org.apache.james.smtpserver.AuthRequiredToRelayRcptHook",
        "org.apache.james.smtpserver.SenderAuthIdentifyVerificationHook",
        "org.apache.james.protocols.smtp.core.PostmasterAbuseRcptHook",
        "org.apache.james.protocols.smtp.core.esmtp.MailSizeEsmtpExtension",
        "org.apache.james.protocols.smtp.core.esmtp.AuthCmdHandler", // MAIL's AUTH= parameter only
        "org.apache.james.protocols.smtp.core.fastfail.MaxRcptHandler",
        "org.apache.james.smtpserver.fastfail.MaxRcptHandler");

    private static final BooleanSupplier NEVER = () -> false;
    private static final BooleanSupplier ALWAYS = () -> true;

    private HookBlocking() {
    }

    /**
     * @param hook a hook of the chain
     * @return whether it may block now (asked before each command line that could run on the I/O thread)
     */
    static BooleanSupplier of(Object hook) {
        Method declared = declaredMayBlock(hook.getClass());
        if (declared != null) {
            return () -> ask(declared, hook);
        }
        return ANSWER_FROM_MEMORY.contains(hook.getClass().getName()) ? NEVER : ALWAYS;
    }

    /** @return a description for logs: how the hook's answer is known */
    static String describe(Object hook) {
        String name = hook.getClass().getName();
        if (declaredMayBlock(hook.getClass()) != null) {
            return name + " (asks its mayBlock())";
        }
        return name + (ANSWER_FROM_MEMORY.contains(name) ? " (answers from memory)" : " (may block)");
    }

    private static Method declaredMayBlock(Class<?> type) {
        try {
            Method method = type.getMethod("mayBlock");
            return method.getReturnType() == boolean.class && Modifier.isPublic(type.getModifiers()) ? method : null;
        } catch (NoSuchMethodException | SecurityException e) {
            return null;
        }
    }

    private static boolean ask(Method method, Object hook) {
        try {
            return (boolean) method.invoke(hook);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return true;
        }
    }
}
