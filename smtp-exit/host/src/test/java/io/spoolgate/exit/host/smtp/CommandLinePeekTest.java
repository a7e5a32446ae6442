package io.spoolgate.exit.host.smtp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.spoolgate.exit.host.IoThreadCalls;
import io.spoolgate.exit.host.SmtpWorkerThread;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Lone command lines on a moved connection, on a pipeline built the way James 3.8.1 builds it: a read that is one line
 * of a listed command is handled on the I/O thread (with exit calls allowed there) while the exits allow it; the body,
 * pipelined lines and other lines go to the workers; every line reaches the handler once and in order.
 */
class CommandLinePeekTest {
    private final SmtpWorkers workers = new SmtpWorkers(2, true, IoThreadCommands.all());
    private final AtomicBoolean exitsAllow = new AtomicBoolean(true);
    private JamesLikeServer server;

    @BeforeEach
    void startServer() throws InterruptedException {
        server = new JamesLikeServer(false, Echo::new);
    }

    @AfterEach
    void stop() throws InterruptedException {
        server.close();
        workers.close();
    }

    @Test
    void aLoneCommandLineIsHandledOnTheIoThreadAndTheRestOnTheWorkers() throws Exception {
        try (Client client = new Client()) {
            client.settle();
            assertThat(client.call("MAIL FROM:<a@b.example>\r\n")).isEqualTo("io+calls MAIL FROM:<a@b.example>");
            assertThat(client.call("RCPT TO:<c@vm.example>\r\n")).isEqualTo("io+calls RCPT TO:<c@vm.example>");
            assertThat(client.call("DATA\r\n")).isEqualTo("io+calls DATA");
            assertThat(client.call("Subject: x\r\n")).as("a body line").isEqualTo("worker Subject: x");
            assertThat(client.call(".\r\n")).as("the final dot").isEqualTo("worker .");
            assertThat(client.call("VRFY maint\r\n")).isEqualTo("worker VRFY maint");
            client.send("NOOP\r\nRSET\r\n");
            assertThat(client.reply()).as("pipelined").isEqualTo("worker NOOP");
            assertThat(client.reply()).isEqualTo("worker RSET");
        }
    }

    @Test
    void whileTheExitsDoNotAllowItEveryLineGoesToTheWorkers() throws Exception {
        try (Client client = new Client()) {
            client.settle();
            exitsAllow.set(false);
            assertThat(client.call("MAIL FROM:<a@b.example>\r\n")).isEqualTo("worker MAIL FROM:<a@b.example>");
            exitsAllow.set(true);
            // the worker that ran the last line may still hold the lane for a moment after its reply went out
            String reply = "";
            for (int i = 0; i < 50 && !reply.startsWith("io+calls"); i++) {
                reply = client.call("MAIL FROM:<a@b.example>\r\n");
            }
            assertThat(reply).isEqualTo("io+calls MAIL FROM:<a@b.example>");
        }
    }

    @Test
    void linesMixedAtRandomReachTheHandlerOnceAndInOrder() throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(8);
        List<Future<?>> runs = new ArrayList<>();
        for (int c = 0; c < 64; c++) {
            int id = c;
            runs.add(clients.submit(() -> {
                Random random = new Random(id);
                try (Client client = new Client()) {
                    for (int i = 0; i < 200; i++) {
                        String line = (random.nextBoolean() ? "MAIL FROM:<" : "LINE <") + id + "." + i + ">";
                        if (random.nextInt(3) == 0) { // two lines in one write
                            String next = "RCPT TO:<" + id + "." + i + ">";
                            client.send(line + "\r\n" + next + "\r\n");
                            assertThat(client.reply()).endsWith(" " + line);
                            assertThat(client.reply()).endsWith(" " + next);
                        } else {
                            assertThat(client.call(line + "\r\n")).endsWith(" " + line);
                        }
                    }
                }
                return null;
            }));
        }
        for (Future<?> run : runs) {
            run.get(60, TimeUnit.SECONDS);
        }
        clients.shutdown();
    }

    private int port() {
        return server.port();
    }

    /** A plain client: one write per call, one reply line per line sent. */
    private final class Client implements AutoCloseable {
        private final Socket socket = new Socket("127.0.0.1", port());
        private final OutputStream out = socket.getOutputStream();
        private final BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
            StandardCharsets.US_ASCII));

        Client() throws Exception {
            socket.setTcpNoDelay(true);
        }

        /** Waits until the connection has been moved to its lane (lines before may run anywhere). */
        void settle() throws Exception {
            for (int i = 0; i < 100 && !call("NOOP\r\n").startsWith("io+calls"); i++) {
                Thread.sleep(10);
            }
        }

        String call(String line) throws Exception {
            send(line);
            return reply();
        }

        void send(String text) throws Exception {
            out.write(text.getBytes(StandardCharsets.US_ASCII));
            out.flush();
        }

        String reply() throws Exception {
            return in.readLine();
        }

        @Override
        public void close() throws Exception {
            socket.close();
        }
    }

    /** Stands in for James's core handler: moves the connection at open, answers each line with where it ran. */
    private final class Echo extends ChannelInboundHandlerAdapter {
        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            workers.attach(ctx.channel(), exitsAllow::get);
            ctx.fireChannelActive();
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf buf = (ByteBuf) msg;
            String line = buf.toString(StandardCharsets.US_ASCII).replace("\r\n", "");
            buf.release();
            Thread thread = Thread.currentThread();
            String where = thread instanceof SmtpWorkerThread ? "worker"
                : ctx.channel().eventLoop().inEventLoop() ? (IoThreadCalls.active() ? "io+calls" : "io") : "decoder";
            ctx.writeAndFlush(Unpooled.copiedBuffer(where + " " + line + "\r\n", StandardCharsets.US_ASCII));
        }
    }
}
