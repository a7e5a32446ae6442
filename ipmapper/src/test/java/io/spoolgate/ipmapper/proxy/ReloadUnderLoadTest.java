package io.spoolgate.ipmapper.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.spoolgate.ipmapper.config.ConfigException;
import io.spoolgate.ipmapper.support.EchoServer;
import io.spoolgate.ipmapper.support.ProxyFixture;
import io.spoolgate.ipmapper.support.TestNet;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.Socket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reloads while connections carry traffic: no established connection may drop or lose a byte. */
class ReloadUnderLoadTest {
    private static final int PUMPS = 16;

    @Test
    void reloadsNeverDisturbEstablishedConnections(@TempDir Path dir) throws Exception {
        try (EchoServer first = new EchoServer(false); EchoServer second = new EchoServer(true)) {
            List<Integer> ports = TestNet.freePorts(2);
            int steady = ports.get(0);
            int moving = ports.get(1);
            String configA = steady + " 127.0.0.1 " + first.port() + " TCPIP proxy=none\n"
                + moving + " 127.0.0.1 " + first.port() + " TCPIP proxy=none\n";
            String configB = steady + " 127.0.0.1 " + first.port() + " TCPIP proxy=none\n"
                + "* 'moving' now goes to the second target with a PROXY header\n"
                + moving + " 127.0.0.1 " + second.port() + " TCPIP proxy=v2\n";
            String configC = steady + " 127.0.0.1 " + first.port() + " TCPIP proxy=none\n"; // 'moving' removed
            Path mapping = ProxyFixture.write(dir, "PORT.MAPPING", configA);
            IpMapperServer proxy = ProxyFixture.start(ProxyFixture.loopbackSettings().build(), mapping, null, null);
            ExecutorService pool = Executors.newFixedThreadPool(PUMPS);
            AtomicBoolean running = new AtomicBoolean(true);
            try {
                List<Future<Long>> pumps = new ArrayList<>();
                for (int i = 0; i < PUMPS; i++) {
                    int port = i % 2 == 0 ? steady : moving;
                    long seed = i;
                    Socket socket = TestNet.connectFrom("127.0.0.1", port);
                    pumps.add(pool.submit(() -> pump(socket, seed, running)));
                }
                String[] configs = {configB, configC, configA};
                for (int round = 0; round < 9; round++) {
                    ProxyFixture.write(dir, "PORT.MAPPING", configs[round % 3]);
                    proxy.reload();
                    Thread.sleep(100);
                    if (round % 3 == 0) {
                        try (Socket fresh = TestNet.connectFrom("127.0.0.1", moving)) {
                            fresh.getOutputStream().write('q');
                            assertThat(fresh.getInputStream().read()).isEqualTo('q');
                        }
                        assertThat(second.headers()).isNotEmpty();
                    } else if (round % 3 == 1) {
                        assertThatThrownBy(() -> TestNet.connectFrom("127.0.0.1", moving).close()).isInstanceOf(ConnectException.class);
                    }
                }
                ProxyFixture.write(dir, "PORT.MAPPING", "this line is broken\n");
                assertThatThrownBy(proxy::reload).isInstanceOf(ConfigException.class).hasMessageContaining("PORT.MAPPING:1:");
                assertThat(proxy.staticMappings()).hasSize(2);
                Thread.sleep(200);
                running.set(false);
                long total = 0;
                for (Future<Long> pumpResult : pumps) {
                    total += pumpResult.get(60, TimeUnit.SECONDS);
                }
                assertThat(total).isPositive();
            } finally {
                running.set(false);
                pool.shutdownNow();
                proxy.close();
            }
        }
    }

    @Test
    void watcherNoticesAChangedFile(@TempDir Path dir) throws Exception {
        int port = TestNet.freePort();
        Path mapping = ProxyFixture.write(dir, "PORT.MAPPING", "40000 FREE\n");
        try (IpMapperServer proxy = ProxyFixture.start(ProxyFixture.loopbackSettings().build(), mapping, null, null)) {
            assertThat(proxy.reloadIfChanged()).isFalse();
            ProxyFixture.write(dir, "PORT.MAPPING", "40000 FREE\n" + port + " 127.0.0.1 25 TCPIP\n");
            assertThat(proxy.reloadIfChanged()).isTrue();
            assertThat(proxy.staticMappings()).extracting(m -> m.listenPort()).containsExactly(port);
        }
    }

    /** Sends random blocks and checks each echo until told to stop; returns the bytes verified. */
    private static long pump(Socket socket, long seed, AtomicBoolean running) throws Exception {
        Random random = new Random(seed);
        long verified = 0;
        try (socket) {
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            byte[] block = new byte[4096];
            while (running.get()) {
                random.nextBytes(block);
                out.write(block);
                byte[] echoed = in.readNBytes(block.length);
                if (!Arrays.equals(block, echoed)) {
                    throw new AssertionError("echo differs after " + verified + " bytes");
                }
                verified += block.length;
            }
        }
        return verified;
    }
}
