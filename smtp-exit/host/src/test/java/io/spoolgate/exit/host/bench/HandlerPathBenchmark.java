package io.spoolgate.exit.host.bench;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Proxy;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.apache.james.protocols.api.BaseRequest;
import org.apache.james.protocols.api.ProtocolSession;
import org.apache.james.protocols.smtp.MailEnvelope;
import org.apache.james.protocols.smtp.SMTPSession;

import io.spoolgate.exit.host.ExitDefinition;
import io.spoolgate.exit.host.ExitLoader;
import io.spoolgate.exit.host.ExitRegistry;
import io.spoolgate.exit.host.HostSettings;
import io.spoolgate.exit.host.SmtpWorkerThread;
import io.spoolgate.exit.host.smtp.SmtpExitHandler;
import io.spoolgate.exit.host.testexits.NoopExit;

/**
 * What the exit host adds per SMTP transaction on the server's CPU, without the network, the client or James's own
 * processing — the part of {@link ExitThroughputBenchmark}'s NOOP-vs-NONE difference that is the exit host's, free of
 * the scheduling noise of a two-core machine. Drives {@link SmtpExitHandler} as James does, on an SMTP worker thread
 * (calls inline), for the benchmark's transaction shape: per connection open, EHLO, 20 × (MAIL, RCPT, DATA, end of
 * data), QUIT, close. Modes: NONE (the exit defined but stopped: the hooks find nothing to call) and NOOP (the no-op
 * exit started). The session is a dynamic proxy over a map (James's own session is cheaper), so the figure is an upper
 * bound. Prints nanoseconds per transaction; no assertion.
 *
 * <p>Run: {@code mvn -B -q -o -pl smtp-exit/host test-compile org.codehaus.mojo:exec-maven-plugin:3.1.1:java
 * -Dexec.classpathScope=test -Dexec.mainClass=io.spoolgate.exit.host.bench.HandlerPathBenchmark}</p>
 */
public final class HandlerPathBenchmark {
    private static final int MESSAGES_PER_CONNECTION = 20;

    private HandlerPathBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int connections = Integer.getInteger("bench.connections", 50_000);
        ExitRegistry registry = new ExitRegistry(new ExitLoader(HandlerPathBenchmark.class.getClassLoader()),
            HostSettings.DEFAULTS);
        registry.define(new ExitDefinition("noop", NoopExit.class.getName(), Optional.empty(), Map.of()), false);
        SmtpExitHandler handler = new SmtpExitHandler(registry);
        Map<String, double[]> results = new HashMap<>();
        Thread worker = new SmtpWorkerThread(() -> {
            try {
                for (int round = 0; round < 6; round++) {
                    for (String mode : List.of("NONE", "NOOP")) {
                        if (mode.equals("NOOP")) {
                            registry.start("noop");
                        } else if (!registry.active().isEmpty()) {
                            registry.stop("noop");
                        }
                        long begin = System.nanoTime();
                        for (int c = 0; c < connections; c++) {
                            connection(handler);
                        }
                        double perTransaction = (System.nanoTime() - begin)
                            / (double) (connections * (long) MESSAGES_PER_CONNECTION);
                        if (round > 0) { // round 0 warms up
                            results.computeIfAbsent(mode, m -> new double[6])[round] = perTransaction;
                        }
                        System.out.printf("round %d %-4s %8.0f ns per transaction%n", round, mode, perTransaction);
                    }
                }
                if (!registry.active().isEmpty()) {
                    registry.stop("noop");
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, "bench-worker", true, () -> { }, () -> { });
        worker.start();
        worker.join();
        double none = median(results.get("NONE"));
        double noop = median(results.get("NOOP"));
        System.out.printf("median of rounds 1-5: NONE %.0f ns, NOOP %.0f ns per transaction; the no-op exit adds %.0f ns"
            + " (%.2f us) per transaction (MAIL, RCPT, DATA, end of data, and 1/%d of connect, EHLO, QUIT)%n", none, noop,
            noop - none, (noop - none) / 1000, MESSAGES_PER_CONNECTION);
        registry.close();
        System.exit(0);
    }

    private static double median(double[] rounds) {
        double[] values = java.util.Arrays.copyOfRange(rounds, 1, rounds.length);
        java.util.Arrays.sort(values);
        return values[values.length / 2];
    }

    private static void connection(SmtpExitHandler handler) {
        Map<ProtocolSession.AttachmentKey<?>, Object> attachments = new HashMap<>();
        SMTPSession session = session(attachments);
        handler.onConnect(session);
        handler.onCommand(session, new BaseRequest("EHLO", "client.example"));
        attachments.put(SMTPSession.CURRENT_HELO_NAME, "client.example");
        for (int m = 0; m < MESSAGES_PER_CONNECTION; m++) {
            handler.onCommand(session, new BaseRequest("MAIL", "FROM:<sender@example.org> SIZE=4096"));
            attachments.put(SMTPSession.SENDER, MaybeSender.getMailSender("sender@example.org"));
            handler.onCommand(session, new BaseRequest("RCPT", "TO:<user1@vm.example>"));
            List<MailAddress> recipients = new ArrayList<>();
            recipients.add(address("user1@vm.example"));
            attachments.put(SMTPSession.RCPT_LIST, recipients);
            handler.onCommand(session, new BaseRequest("DATA", null));
            handler.onMessage(session, ENVELOPE);
            attachments.remove(SMTPSession.SENDER);
            attachments.remove(SMTPSession.RCPT_LIST);
        }
        handler.onCommand(session, new BaseRequest("QUIT", null));
        handler.onDisconnect(session);
    }

    private static MailAddress address(String text) {
        try {
            return new MailAddress(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static final InetSocketAddress REMOTE = new InetSocketAddress("127.0.0.1", 40000);
    private static final InetSocketAddress LOCAL = new InetSocketAddress("127.0.0.1", 25);
    private static final byte[] MESSAGE = "Subject: bench\r\n\r\nbody\r\n".getBytes();
    private static final MailEnvelope ENVELOPE = new MailEnvelope() {
        @Override
        public long getSize() {
            return MESSAGE.length;
        }

        @Override
        public List<MailAddress> getRecipients() {
            return List.of(address("user1@vm.example"));
        }

        @Override
        public MaybeSender getMaybeSender() {
            return MaybeSender.getMailSender("sender@example.org");
        }

        @Override
        public OutputStream getMessageOutputStream() {
            return new ByteArrayOutputStream();
        }

        @Override
        public InputStream getMessageInputStream() {
            return new ByteArrayInputStream(MESSAGE);
        }
    };

    /** An SMTP session over a map of attachments: what the exit host reads of James's session. */
    private static SMTPSession session(Map<ProtocolSession.AttachmentKey<?>, Object> attachments) {
        return (SMTPSession) Proxy.newProxyInstance(HandlerPathBenchmark.class.getClassLoader(),
            new Class<?>[] {SMTPSession.class}, (proxy, method, args) -> switch (method.getName()) {
                case "getAttachment" -> Optional.ofNullable(attachments.get((ProtocolSession.AttachmentKey<?>) args[0]));
                case "setAttachment" -> Optional.ofNullable(args[1] == null
                    ? attachments.remove((ProtocolSession.AttachmentKey<?>) args[0])
                    : attachments.put((ProtocolSession.AttachmentKey<?>) args[0], args[1]));
                case "getRemoteAddress" -> REMOTE;
                case "getLocalAddress" -> LOCAL;
                case "getSessionID" -> "bench";
                case "isTLSStarted" -> false;
                case "getUsername" -> null;
                case "hashCode" -> System.identityHashCode(proxy);
                case "equals" -> proxy == args[0];
                case "toString" -> "bench-session";
                default -> throw new UnsupportedOperationException(method.getName());
            });
    }
}
