package io.spoolgate.ipmapper.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.spoolgate.ipmapper.support.ProxyFixture;
import io.spoolgate.ipmapper.support.TestNet;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End of input that reaches the proxy while earlier bytes are still queued in it (the target is not reading), and
 * slow traffic that must not count as idle. These are the cases where a relay that does not see the bytes in the
 * pipeline (splice) could lose the tail or close early.
 */
class HalfCloseTest {
    @TempDir
    Path dir;
    private ServerSocket target;
    private IpMapperServer proxy;
    private int port;
    private final CompletableFuture<String> targetResult = new CompletableFuture<>();

    @BeforeEach
    void start() throws Exception {
        target = new ServerSocket(0, 8, InetAddress.getByName("127.0.0.1"));
        Thread serve = new Thread(this::serveOnce, "slow-target");
        serve.setDaemon(true);
        serve.start();
        port = TestNet.freePort();
        Path mapping = ProxyFixture.write(dir, "PORT.MAPPING", port + " 127.0.0.1 " + target.getLocalPort() + " TEST proxy=none\n");
        proxy = ProxyFixture.start(ProxyFixture.loopbackSettings().idleTimeout(Duration.ofSeconds(2)).build(), mapping, null, null);
    }

    @AfterEach
    void stop() throws Exception {
        proxy.close();
        target.close();
    }

    /** First byte 'S': wait until the client has surely finished sending, then count and hash to EOF and answer. */
    private void serveOnce() {
        try (Socket socket = target.accept()) {
            InputStream in = socket.getInputStream();
            int mode = in.read();
            if (mode == 'S') {
                Thread.sleep(1500);
            }
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[65536];
            long count = 0;
            int n;
            while ((n = in.read(buffer)) >= 0) {
                digest.update(buffer, 0, n);
                count += n;
            }
            DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            out.writeLong(count);
            out.write(digest.digest());
            out.flush();
            targetResult.complete("ok");
        } catch (Exception e) {
            targetResult.completeExceptionally(e);
        }
    }

    @Test
    void bytesQueuedInTheProxyWhenTheFinArrivesAreDelivered() throws Exception {
        byte[] payload = new byte[6 * 1024 * 1024];
        new Random(11).nextBytes(payload);
        try (Socket client = TestNet.connectFrom("127.0.0.1", port)) {
            client.setSoTimeout(30_000);
            OutputStream out = client.getOutputStream();
            out.write('S');
            CompletableFuture<Void> sent = CompletableFuture.runAsync(() -> {
                try {
                    out.write(payload);
                    client.shutdownOutput();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            DataInputStream in = new DataInputStream(client.getInputStream());
            long counted = in.readLong();
            byte[] hash = in.readNBytes(32);
            sent.get();
            assertThat(counted).isEqualTo(payload.length);
            assertThat(hash).isEqualTo(MessageDigest.getInstance("SHA-256").digest(payload));
            assertThat(in.read()).isEqualTo(-1);
        }
    }

    @Test
    void trickleOfTrafficIsNotIdle() throws Exception {
        try (Socket client = TestNet.connectFrom("127.0.0.1", port)) {
            client.setSoTimeout(10_000);
            OutputStream out = client.getOutputStream();
            out.write('T');
            for (int i = 0; i < 8; i++) { // 4 s of one byte every 500 ms, idle timeout 2 s
                Thread.sleep(500);
                out.write('x');
                out.flush();
            }
            client.shutdownOutput();
            DataInputStream in = new DataInputStream(client.getInputStream());
            assertThat(in.readLong()).isEqualTo(8);
        }
    }
}
