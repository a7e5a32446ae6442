package io.spoolgate.scan.spamassassin;

import io.spoolgate.scan.ExchangeDeadline;
import io.spoolgate.scan.ScannerEndpoint;
import io.spoolgate.scan.ScannerUnavailableException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;

/**
 * A spamd client for the SPAMC/1.5 protocol: {@code SYMBOLS} (score, required score and rule names in one call),
 * {@code TELL} (Bayes learning; spamd needs {@code --allow-tell}) and {@code PING}.
 *
 * <p>Written here rather than reusing {@code apache-james-spamassassin}'s invoker, which only speaks {@code CHECK},
 * has no timeouts, no size cap and no rule names. spamd needs a {@code Content-length}, so the message is read into a
 * buffer bounded by {@code maxSize}; larger messages are not sent at all ({@link #scan} returns empty), like spamc's
 * 500 KB default. Every exchange is bounded by the endpoint's exchange timeout. Thread-safe: one connection per call.
 */
public final class SpamdClient {
    private final ScannerEndpoint endpoint;
    private final int maxSize;

    /**
     * @param endpoint where spamd listens
     * @param maxSize largest message sent to spamd, in bytes (spamc's default is 512000)
     */
    public SpamdClient(ScannerEndpoint endpoint, int maxSize) {
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        if (maxSize < 1) {
            throw new IllegalArgumentException("spamd max size must be positive, got " + maxSize);
        }
        this.maxSize = maxSize;
    }

    /** @return where this client connects */
    public ScannerEndpoint endpoint() {
        return endpoint;
    }

    /** @return the largest message sent to spamd, in bytes */
    public int maxSize() {
        return maxSize;
    }

    /**
     * Scores a message with {@code SYMBOLS}.
     *
     * @param message the RFC 5322 message (read up to maxSize + 1 bytes, not closed)
     * @param user spamd user for per-user settings and Bayes, if any
     * @return the verdict, or empty when the message is larger than maxSize (not scanned)
     * @throws ScannerUnavailableException when spamd cannot give a verdict
     */
    public Optional<SpamVerdict> scan(InputStream message, Optional<String> user) throws ScannerUnavailableException {
        byte[] content = readBounded(message);
        if (content == null) {
            return Optional.empty();
        }
        SpamdResponse response = exchange("SYMBOLS", content, user, null);
        if (response.code() != 0) {
            throw new ScannerUnavailableException("spamd at " + endpoint + " refused SYMBOLS: " + response.code() + " " + response.message());
        }
        return Optional.of(response.verdict(endpoint.toString()));
    }

    /**
     * Teaches a message to Bayes with {@code TELL} ({@code Set: local}).
     *
     * @param message the message (at most maxSize bytes)
     * @param learnClass spam or ham
     * @param user spamd user whose Bayes database learns, if any
     * @return true when spamd learned it, false when it had already learned it
     * @throws ScannerUnavailableException when spamd refuses or cannot be reached
     * @throws IllegalArgumentException when the message is larger than maxSize
     */
    public boolean learn(InputStream message, LearnClass learnClass, Optional<String> user) throws ScannerUnavailableException {
        byte[] content = readBounded(message);
        if (content == null) {
            throw new IllegalArgumentException("message larger than the spamd size limit of " + maxSize + " bytes; not learned");
        }
        SpamdResponse response = exchange("TELL", content, user,
            "Message-class: " + learnClass.protocolName() + "\r\nSet: local\r\n");
        if (response.code() != 0) {
            throw new ScannerUnavailableException("spamd at " + endpoint + " refused TELL: " + response.code() + " " + response.message()
                + " (is spamd running with --allow-tell?)");
        }
        return response.headers().containsKey("didset");
    }

    /**
     * @return true when spamd answers PONG
     * @throws ScannerUnavailableException when it does not
     */
    public boolean ping() throws ScannerUnavailableException {
        try (ScannerEndpoint.Connection connection = endpoint.connect();
             ExchangeDeadline deadline = ExchangeDeadline.arm(connection, endpoint.exchangeTimeout())) {
            try {
                connection.out().write("PING SPAMC/1.5\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                connection.out().flush();
                SpamdResponse response = SpamdResponse.read(connection.in(), endpoint.toString());
                if (response.code() != 0 || !response.message().contains("PONG")) {
                    throw new ScannerUnavailableException("spamd at " + endpoint + " answered '" + response.message() + "' to PING");
                }
                return true;
            } catch (ScannerUnavailableException e) {
                throw e;
            } catch (IOException e) {
                throw failure("PING", e, deadline);
            }
        }
    }

    private SpamdResponse exchange(String verb, byte[] content, Optional<String> user, String extraHeaders)
        throws ScannerUnavailableException {
        StringBuilder head = new StringBuilder(verb).append(" SPAMC/1.5\r\n")
            .append("Content-length: ").append(content.length).append("\r\n");
        user.filter(u -> !u.isBlank()).ifPresent(u -> head.append("User: ").append(sanitize(u)).append("\r\n"));
        if (extraHeaders != null) {
            head.append(extraHeaders);
        }
        head.append("\r\n");
        try (ScannerEndpoint.Connection connection = endpoint.connect();
             ExchangeDeadline deadline = ExchangeDeadline.arm(connection, endpoint.exchangeTimeout())) {
            try {
                OutputStream out = connection.out();
                out.write(head.toString().getBytes(StandardCharsets.US_ASCII));
                out.write(content);
                out.flush();
                connection.shutdownOutput();
                return SpamdResponse.read(connection.in(), endpoint.toString());
            } catch (ScannerUnavailableException e) {
                throw e;
            } catch (IOException e) {
                throw failure(verb, e, deadline);
            }
        }
    }

    private static String sanitize(String user) {
        return user.replaceAll("[\\r\\n]", "");
    }

    private byte[] readBounded(InputStream in) throws ScannerUnavailableException {
        try {
            byte[] content = in.readNBytes(maxSize + 1);
            return content.length > maxSize ? null : content;
        } catch (IOException e) {
            throw new ScannerUnavailableException("cannot read the message to score: " + e.getMessage(), e);
        }
    }

    private ScannerUnavailableException failure(String verb, IOException e, ExchangeDeadline deadline) {
        String reason = deadline.expired() ? "timed out after " + endpoint.exchangeTimeout().toMillis() + " ms" : e.getMessage();
        return new ScannerUnavailableException("spamd " + verb + " at " + endpoint + " failed: " + reason, e);
    }
}
