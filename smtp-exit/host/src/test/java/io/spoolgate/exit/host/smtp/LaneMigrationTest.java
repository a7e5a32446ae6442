package io.spoolgate.exit.host.smtp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.haproxy.HAProxyMessage;
import io.spoolgate.exit.host.SmtpWorkerThread;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Moves connections onto lanes while their input is already arriving, on a pipeline built the way James 3.8.1 builds
 * it (PROXY decoder, line decoder on an executor group of its own, chunked writer, timeout handler, core handler that
 * starts the move from its connection-open event): every line reaches the core handler exactly once, in order, the
 * PROXY header first, and once moved the lines are handled on the SMTP workers.
 */
class LaneMigrationTest {
    private static final int CONNECTIONS = 300;
    private static final int LINES = 400;

    private final SmtpWorkers workers = new SmtpWorkers(2, true, IoThreadCommands.parse(""));
    private final Map<Integer, CompletableFuture<Seen>> seen = new ConcurrentHashMap<>();
    private JamesLikeServer server;

    /** Closes a core handler saw after its first one (it must see exactly one per connection). */
    private final AtomicInteger repeatedCloses = new AtomicInteger();

    /** What the core handler saw on one connection, when it saw the close. */
    private record Seen(List<String> lines, boolean lastOnWorker) { }

    @BeforeEach
    void startServer() throws InterruptedException {
        server = new JamesLikeServer(true, Core::new);
    }

    @AfterEach
    void stop() throws InterruptedException {
        server.close();
        workers.close();
    }

    @Test
    void inputArrivingDuringTheMoveReachesTheHandlerOnceAndInOrder() throws Exception {
        runClients(false);
        for (int c = 0; c < CONNECTIONS; c++) {
            Seen s = seen.get(c).get(30, TimeUnit.SECONDS);
            assertThat(s.lines()).as("connection %d", c).containsExactlyElementsOf(expected(c));
            assertThat(s.lastOnWorker()).as("connection %d: input after the move is handled on the workers", c)
                .isTrue();
        }
    }

    @Test
    void aConnectionThatSendsEverythingAndClosesDuringTheMoveLosesNothing() throws Exception {
        runClients(true);
        for (int c = 0; c < CONNECTIONS; c++) {
            Seen s = seen.get(c).get(30, TimeUnit.SECONDS);
            assertThat(s.lines()).as("connection %d", c).containsExactlyElementsOf(expected(c));
        }
        assertThat(repeatedCloses).as("a core handler saw the close more than once").hasValue(0);
    }

    private void runClients(boolean closeAtOnce) throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(8);
        List<Future<?>> runs = new ArrayList<>();
        for (int c = 0; c < CONNECTIONS; c++) {
            int id = c;
            seen.put(id, new CompletableFuture<>());
            runs.add(clients.submit(() -> {
                client(id, closeAtOnce);
                return null;
            }));
        }
        for (Future<?> run : runs) {
            run.get(60, TimeUnit.SECONDS);
        }
        clients.shutdown();
    }

    private static List<String> expected(int connection) {
        List<String> expected = new ArrayList<>();
        expected.add("PROXY 192.0.2." + (connection % 250 + 1));
        for (int i = 0; i < LINES; i++) {
            expected.add(line(connection, i));
        }
        return expected;
    }

    @Test
    void aConnectionClosedAtOnceStillReachesTheHandlersClose() throws Exception {
        for (int c = 0; c < 50; c++) {
            try (Socket socket = new Socket("127.0.0.1", port())) {
                socket.getOutputStream().write(("PROXY TCP4 192.0.2." + (c + 1) + " 127.0.0.1 4000 25\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            }
        }
        for (int c = 0; c < 50; c++) {
            Seen s = seenBy("192.0.2." + (c + 1)).get(30, TimeUnit.SECONDS);
            assertThat(s.lines()).containsExactly("PROXY 192.0.2." + (c + 1));
        }
        assertThat(repeatedCloses).as("a core handler saw the close more than once").hasValue(0);
    }

    private final Map<String, CompletableFuture<Seen>> bySource = new ConcurrentHashMap<>();

    private CompletableFuture<Seen> seenBy(String source) {
        return bySource.computeIfAbsent(source, s -> new CompletableFuture<>());
    }

    private int port() {
        return server.port();
    }

    private static String line(int connection, int i) {
        return "LINE " + connection + " " + i + " " + "x".repeat(i % 37);
    }

    /**
     * Sends the PROXY header and the first half of the lines right after connecting, in chunks cut at random places,
     * then either the rest at once and closes, or waits for the server's "1" (it handled the first half), sends the
     * rest and waits for its "2" before closing.
     */
    private void client(int id, boolean closeAtOnce) throws Exception {
        StringBuilder first = new StringBuilder("PROXY TCP4 192.0.2." + (id % 250 + 1) + " 127.0.0.1 "
            + (10000 + id) + " 25\r\n");
        StringBuilder second = new StringBuilder();
        for (int i = 0; i < LINES; i++) {
            (i < LINES / 2 ? first : second).append(line(id, i)).append("\r\n");
        }
        Random random = new Random(id);
        try (Socket socket = new Socket("127.0.0.1", port())) {
            socket.setTcpNoDelay(true);
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            sendInPieces(out, first, random);
            if (!closeAtOnce) {
                assertThat(in.read()).isEqualTo('1');
            }
            sendInPieces(out, second, random);
            if (!closeAtOnce) {
                assertThat(in.read()).isEqualTo('2');
            }
            socket.shutdownOutput();
            while (in.read() >= 0) {
                // until the server closes
            }
        }
    }

    private static void sendInPieces(OutputStream out, CharSequence text, Random random) throws Exception {
        byte[] bytes = text.toString().getBytes(StandardCharsets.US_ASCII);
        int at = 0;
        while (at < bytes.length) {
            int n = Math.min(bytes.length - at, 1 + random.nextInt(300));
            out.write(bytes, at, n);
            out.flush();
            at += n;
            if (random.nextInt(8) == 0) {
                Thread.sleep(0, 200_000);
            }
        }
    }

    /** Stands in for James's core handler: starts the move when the connection opens, records what it is given. */
    private final class Core extends ChannelInboundHandlerAdapter {
        private final List<String> lines = Collections.synchronizedList(new ArrayList<>());
        private boolean lastOnWorker;
        private boolean closed;
        private String source = "";
        private Integer id;

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            workers.attach(ctx.channel(), () -> false);
            ctx.fireChannelActive();
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof HAProxyMessage proxy) {
                source = proxy.sourceAddress();
                id = proxy.sourcePort() - 10000;
                lines.add("PROXY " + source);
                proxy.release();
                return;
            }
            ByteBuf buf = (ByteBuf) msg;
            String text = buf.toString(StandardCharsets.US_ASCII);
            buf.release();
            lines.add(text.endsWith("\r\n") ? text.substring(0, text.length() - 2) : "PARTIAL " + text);
            lastOnWorker = Thread.currentThread() instanceof SmtpWorkerThread;
            if (lines.size() == LINES / 2 + 1) {
                ctx.writeAndFlush(Unpooled.copiedBuffer("1", StandardCharsets.US_ASCII));
            } else if (lines.size() == LINES + 1) {
                ctx.writeAndFlush(Unpooled.copiedBuffer("2", StandardCharsets.US_ASCII));
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (closed) {
                repeatedCloses.incrementAndGet();
            }
            closed = true;
            Seen result = new Seen(List.copyOf(lines), lastOnWorker);
            if (id != null && id >= 0 && id < CONNECTIONS && seen.containsKey(id)) {
                seen.get(id).complete(result);
            }
            seenBy(source).complete(result);
            ctx.fireChannelInactive();
        }
    }
}
