package io.spoolgate.scan.clamav;

import io.spoolgate.scan.ExchangeDeadline;
import io.spoolgate.scan.ScannerEndpoint;
import io.spoolgate.scan.ScannerUnavailableException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * A clamd client speaking {@code zINSTREAM}, {@code zPING} and {@code zVERSION} over TCP or a unix socket.
 *
 * <p>Written here rather than taken from a library: the Java clamd clients found (e.g. the unmaintained
 * "clamav-client" forks) have no unix-socket transport, a single socket timeout instead of a whole-exchange deadline,
 * and report "size limit exceeded" as an ordinary error, while Spoolgate must tell a too-large stream from a broken
 * daemon. The protocol is small: each chunk is a 4-byte big-endian length followed by the bytes, a zero length ends
 * the stream, the answer is one NUL-terminated line.
 *
 * <p>The message is streamed in chunks of {@code chunkSize} bytes; it is never held whole in memory. Every exchange is
 * bounded by the endpoint's exchange timeout. Any failure raises {@link ScannerUnavailableException}: the caller must
 * never treat it as clean. Thread-safe: one connection per call.
 */
public final class ClamdClient {
    private static final int MAX_REPLY = 4096;
    private final ScannerEndpoint endpoint;
    private final int chunkSize;

    /**
     * @param endpoint where clamd listens
     * @param chunkSize bytes per INSTREAM chunk (1 KiB..1 MiB; 64 KiB is a good value)
     */
    public ClamdClient(ScannerEndpoint endpoint, int chunkSize) {
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        if (chunkSize < 1024 || chunkSize > 1 << 20) {
            throw new IllegalArgumentException("clamd chunk size must be 1024..1048576 bytes, got " + chunkSize);
        }
        this.chunkSize = chunkSize;
    }

    /** @return where this client connects */
    public ScannerEndpoint endpoint() {
        return endpoint;
    }

    /**
     * Scans a stream.
     *
     * @param content the bytes to scan (read to the end, not closed)
     * @return the verdict; {@link VirusScanResult.Status#TOO_LARGE} when clamd's StreamMaxLength was exceeded
     * @throws ScannerUnavailableException when clamd cannot give a verdict (down, timeout, protocol error)
     */
    public VirusScanResult scan(InputStream content) throws ScannerUnavailableException {
        try (ScannerEndpoint.Connection connection = endpoint.connect();
             ExchangeDeadline deadline = ExchangeDeadline.arm(connection, endpoint.exchangeTimeout())) {
            try {
                OutputStream out = connection.out();
                out.write("zINSTREAM\0".getBytes(StandardCharsets.US_ASCII));
                streamChunks(content, out);
            } catch (IOException writeFailure) {
                // clamd closes the connection as soon as StreamMaxLength is exceeded; its answer may still be readable
                String reply = tryReadReply(connection);
                if (reply != null && !reply.isEmpty()) {
                    return ClamdReplyParser.parse(reply, endpoint.toString());
                }
                throw failure("stream to clamd failed", writeFailure, deadline);
            }
            try {
                return ClamdReplyParser.parse(readReply(connection.in()), endpoint.toString());
            } catch (ScannerUnavailableException e) {
                throw e;
            } catch (IOException e) {
                throw failure("reading clamd's answer failed", e, deadline);
            }
        }
    }

    /**
     * @return true when clamd answers {@code PONG}
     * @throws ScannerUnavailableException when it does not
     */
    public boolean ping() throws ScannerUnavailableException {
        String reply = command("zPING");
        if (!reply.equals("PONG")) {
            throw new ScannerUnavailableException("clamd at " + endpoint + " answered '" + reply + "' to PING");
        }
        return true;
    }

    /**
     * @return clamd's version line, e.g. {@code ClamAV 1.4.6/27000/...}
     * @throws ScannerUnavailableException when clamd does not answer
     */
    public String version() throws ScannerUnavailableException {
        return command("zVERSION");
    }

    private String command(String command) throws ScannerUnavailableException {
        try (ScannerEndpoint.Connection connection = endpoint.connect();
             ExchangeDeadline deadline = ExchangeDeadline.arm(connection, endpoint.exchangeTimeout())) {
            try {
                connection.out().write((command + "\0").getBytes(StandardCharsets.US_ASCII));
                connection.out().flush();
                return readReply(connection.in()).strip();
            } catch (IOException e) {
                throw failure(command + " failed", e, deadline);
            }
        }
    }

    private void streamChunks(InputStream content, OutputStream out) throws IOException {
        byte[] buffer = new byte[chunkSize + 4];
        while (true) {
            int filled = 0;
            while (filled < chunkSize) {
                int n = content.read(buffer, 4 + filled, chunkSize - filled);
                if (n < 0) {
                    break;
                }
                filled += n;
            }
            if (filled == 0) {
                break;
            }
            buffer[0] = (byte) (filled >>> 24);
            buffer[1] = (byte) (filled >>> 16);
            buffer[2] = (byte) (filled >>> 8);
            buffer[3] = (byte) filled;
            out.write(buffer, 0, 4 + filled);
            if (filled < chunkSize) {
                break;
            }
        }
        out.write(new byte[4]);
        out.flush();
    }

    private String tryReadReply(ScannerEndpoint.Connection connection) {
        try {
            return readReply(connection.in());
        } catch (IOException e) {
            return null;
        }
    }

    private static String readReply(InputStream in) throws IOException {
        ByteArrayOutputStream reply = new ByteArrayOutputStream(64);
        int b;
        while ((b = in.read()) >= 0 && b != 0) {
            if (reply.size() >= MAX_REPLY) {
                throw new IOException("clamd answer longer than " + MAX_REPLY + " bytes");
            }
            reply.write(b);
        }
        if (reply.size() == 0 && b < 0) {
            throw new IOException("clamd closed the connection without answering");
        }
        return reply.toString(StandardCharsets.US_ASCII);
    }

    private ScannerUnavailableException failure(String what, IOException e, ExchangeDeadline deadline) {
        String reason = deadline.expired() ? "timed out after " + endpoint.exchangeTimeout().toMillis() + " ms" : e.getMessage();
        return new ScannerUnavailableException(what + " (" + endpoint + "): " + reason, e);
    }
}
