package io.spoolgate.exit.rfc2505;

import io.spoolgate.exit.ExitCall;
import io.spoolgate.exit.ExitCommand;
import io.spoolgate.exit.ExitConfig;
import io.spoolgate.exit.MailOrigin;
import io.spoolgate.exit.SmtpExit;
import io.spoolgate.exit.Verdict;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.Optional;
import java.util.function.Function;

/**
 * The RFC 2505 recommendations as an exit: recipients per message and messages per connection limits, sender
 * domains must exist in DNS (looked up off the call path with a short timeout and a cache; a DNS failure gives a
 * temporary 451, never a 5xx), HELO sanity, and a connection rate limit per client address. The null sender
 * {@code <>} and authenticated or spool senders are never refused for their domain. See {@link Rfc2505Settings}
 * for the parameters and their defaults.
 */
public class Rfc2505Exit implements SmtpExit {
    private static final String MESSAGES = "rfc2505.messages";
    private static final String PENDING_DOMAIN = "rfc2505.pendingDomain";

    private final Function<Duration, DomainResolver> resolvers;
    private final Clock clock;

    /** The exit as the host loads it: JDK DNS client, system clock. */
    public Rfc2505Exit() {
        this(JndiDomainResolver::new, Clock.systemUTC());
    }

    /**
     * @param resolvers makes the DNS client from the configured timeout
     * @param clock     time source
     */
    public Rfc2505Exit(Function<Duration, DomainResolver> resolvers, Clock clock) {
        this.resolvers = resolvers;
        this.clock = clock;
    }

    @Override
    public Object init(ExitConfig config) {
        Rfc2505Settings settings = Rfc2505Settings.from(config);
        SenderDomainCache cache = new SenderDomainCache(resolvers.apply(settings.dnsTimeout()), clock,
            settings.dnsCacheTtl(), settings.dnsFailureTtl(), 10_000, 4);
        ConnectionRateLimiter limiter = new ConnectionRateLimiter((int) Math.min(Integer.MAX_VALUE,
            settings.maxConnectionsPerMinute()), 100_000, clock);
        return new Rfc2505Policy(settings, cache, limiter, new HeloSanity(settings.localNames()));
    }

    /** The policy needs connection open, HELO/EHLO, MAIL, RCPT and DATA only. */
    @Override
    public Set<ExitCommand> commands(Object token) {
        return EnumSet.of(ExitCommand.CONNECT, ExitCommand.HELO, ExitCommand.EHLO, ExitCommand.MAIL, ExitCommand.RCPT,
            ExitCommand.DATA);
    }

    /** Non-blocking unless sender domains are looked up in DNS ({@code checkSenderDomain}). */
    @Override
    public boolean nonBlocking(Object token) {
        return !((Rfc2505Policy) token).settings().checkSenderDomain();
    }

    @Override
    public void term(Object token) {
        ((Rfc2505Policy) token).cache().close();
    }

    @Override
    public Verdict onConnect(ExitCall call) {
        Rfc2505Policy policy = call.token(Rfc2505Policy.class);
        if (policy.settings().maxConnectionsPerMinute() == 0 || call.connection().origin() != MailOrigin.TCP) {
            return Verdict.CONTINUE;
        }
        Optional<InetAddress> client = clientAddress(call);
        if (client.isEmpty() || policy.trusted(client.get())) {
            return Verdict.CONTINUE;
        }
        if (!policy.limiter().admit(client.get())) {
            return Verdict.rejectSession(421, "4.7.0 Too many connections from " + client.get().getHostAddress()
                + ", try again later");
        }
        return Verdict.CONTINUE;
    }

    @Override
    public Verdict onHelo(ExitCall call) {
        Rfc2505Policy policy = call.token(Rfc2505Policy.class);
        if (!policy.settings().heloCheck() || call.connection().origin() != MailOrigin.TCP) {
            return Verdict.CONTINUE;
        }
        boolean trusted = call.connection().authenticatedUser().isPresent()
            || clientAddress(call).map(policy::trusted).orElse(false);
        return policy.helo().problem(call.argument(), trusted)
            .map(text -> Verdict.rejectMessage(text.startsWith("5.5") ? 501 : 550, text))
            .orElse(Verdict.CONTINUE);
    }

    @Override
    public Verdict onMail(ExitCall call) {
        Rfc2505Policy policy = call.token(Rfc2505Policy.class);
        long messages = call.state().get(MESSAGES, Long.class).orElse(0L) + 1;
        call.state().put(MESSAGES, messages);
        long limit = policy.settings().maxMessagesPerConnection();
        if (limit > 0 && messages > limit) {
            return Verdict.rejectSession(421, "4.7.0 Too many messages in one connection (at most " + limit
                + "), please reconnect");
        }
        call.state().remove(PENDING_DOMAIN);
        String sender = call.argument();
        if (!policy.settings().checkSenderDomain() || sender.isEmpty()
            || call.connection().origin() != MailOrigin.TCP || call.connection().authenticatedUser().isPresent()) {
            return Verdict.CONTINUE;
        }
        int at = sender.lastIndexOf('@');
        if (at < 0 || at == sender.length() - 1) {
            return Verdict.CONTINUE; // James refuses malformed addresses itself
        }
        String domain = sender.substring(at + 1).toLowerCase(Locale.ROOT);
        if (domain.startsWith("[") || policy.settings().localDomains().contains(domain)) {
            return Verdict.CONTINUE;
        }
        call.state().put(PENDING_DOMAIN, domain);
        return senderDomainVerdict(call, policy);
    }

    @Override
    public Verdict onRcpt(ExitCall call) {
        Rfc2505Policy policy = call.token(Rfc2505Policy.class);
        long limit = policy.settings().maxRecipients();
        if (limit > 0 && call.envelope().recipients().size() + 1 > limit) {
            return Verdict.rejectMessage(552, "5.5.3 Too many recipients (at most " + limit + " per message)");
        }
        return senderDomainVerdict(call, policy);
    }

    @Override
    public Verdict onData(ExitCall call) {
        Verdict verdict = senderDomainVerdict(call, call.token(Rfc2505Policy.class));
        call.state().remove(PENDING_DOMAIN); // still unknown at DATA: let it pass (never refuse for a slow helper)
        return verdict;
    }

    private static Verdict senderDomainVerdict(ExitCall call, Rfc2505Policy policy) {
        Optional<String> pending = call.state().get(PENDING_DOMAIN, String.class);
        if (pending.isEmpty()) {
            return Verdict.CONTINUE;
        }
        Optional<DomainStatus> status = policy.cache().check(pending.get(), policy.settings().dnsWait());
        if (status.isEmpty()) {
            return Verdict.CONTINUE;
        }
        call.state().remove(PENDING_DOMAIN);
        switch (status.get()) {
            case NOT_FOUND:
                return Verdict.rejectMessage(550, "5.1.8 Sender domain " + shown(pending.get()) + " does not exist");
            case TEMPORARY_FAILURE:
                return Verdict.rejectMessage(451, "4.1.8 Sender domain " + shown(pending.get())
                    + " cannot be verified now, try again later");
            default:
                return Verdict.CONTINUE;
        }
    }

    private static String shown(String domain) {
        String printable = domain.replaceAll("[^\\x21-\\x7e]", "?");
        return printable.length() > 100 ? printable.substring(0, 100) + "..." : printable;
    }

    private static Optional<InetAddress> clientAddress(ExitCall call) {
        return call.connection().clientAddress().map(address -> address.getAddress());
    }

    /**
     * The exit's user token: settings and shared helpers.
     *
     * @param settings the parameters
     * @param cache    sender domain answers
     * @param limiter  connection counts
     * @param helo     HELO checks
     */
    record Rfc2505Policy(Rfc2505Settings settings, SenderDomainCache cache, ConnectionRateLimiter limiter,
                         HeloSanity helo) {
        boolean trusted(InetAddress address) {
            return settings.trustedNetworks().stream().anyMatch(network -> network.contains(address));
        }
    }
}
