package io.spoolgate.ipmapper.support;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.haproxy.HAProxyMessage;
import io.netty.handler.codec.haproxy.HAProxyMessageDecoder;
import io.netty.util.ReferenceCountUtil;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Test target on loopback: echoes every byte, answers end of input by shutting its output down, and (optionally)
 * first decodes a PROXY protocol header with Netty's own {@link HAProxyMessageDecoder}, recording what it said.
 */
public final class EchoServer implements AutoCloseable {
    /** What a PROXY header announced. */
    public record ProxyInfo(String protocol, String sourceAddress, int sourcePort, String destinationAddress, int destinationPort) {
    }

    private final EventLoopGroup group = new NioEventLoopGroup(2);
    private final Channel server;
    private final List<ProxyInfo> headers = new CopyOnWriteArrayList<>();
    private final AtomicInteger accepted = new AtomicInteger();
    private final AtomicInteger open = new AtomicInteger();

    /** @param expectProxyHeader whether each connection starts with a PROXY header */
    public EchoServer(boolean expectProxyHeader) throws InterruptedException {
        this(expectProxyHeader, "127.0.0.1");
    }

    /**
     * @param expectProxyHeader whether each connection starts with a PROXY header
     * @param bindAddress       loopback address to listen on ({@code 127.0.0.1} or {@code ::1})
     */
    public EchoServer(boolean expectProxyHeader, String bindAddress) throws InterruptedException {
        server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
            .option(ChannelOption.SO_BACKLOG, 2048)
            .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
            .childHandler(new ChannelInitializer<SocketChannel>() {
                @Override
                protected void initChannel(SocketChannel ch) {
                    accepted.incrementAndGet();
                    open.incrementAndGet();
                    ch.closeFuture().addListener(f -> open.decrementAndGet());
                    if (expectProxyHeader) {
                        ch.pipeline().addLast(new HAProxyMessageDecoder());
                    }
                    ch.pipeline().addLast(new Echo());
                }
            })
            .bind(bindAddress, 0).sync().channel();
    }

    /** @return the port */
    public int port() {
        return ((java.net.InetSocketAddress) server.localAddress()).getPort();
    }

    /** @return headers received so far */
    public List<ProxyInfo> headers() {
        return headers;
    }

    /** @return connections accepted so far */
    public int accepted() {
        return accepted.get();
    }

    /** @return connections open now */
    public int open() {
        return open.get();
    }

    private final class Echo extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof HAProxyMessage header) {
                headers.add(new ProxyInfo(header.proxiedProtocol().name(), header.sourceAddress(), header.sourcePort(),
                    header.destinationAddress(), header.destinationPort()));
                header.release();
                return;
            }
            if (msg instanceof ByteBuf) {
                ctx.write(msg);
            } else {
                ReferenceCountUtil.release(msg);
            }
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            ctx.flush();
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt instanceof ChannelInputShutdownEvent) {
                ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(f -> ((SocketChannel) ctx.channel()).shutdownOutput()
                    .addListener(ChannelFutureListener.CLOSE));
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }

    @Override
    public void close() {
        server.close().awaitUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly();
    }
}
