package io.spoolgate.exit.host.smtp;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.LineBasedFrameDecoder;
import io.netty.handler.codec.haproxy.HAProxyMessageDecoder;
import io.netty.handler.stream.ChunkedWriteHandler;
import io.netty.util.concurrent.DefaultEventExecutorGroup;
import org.apache.james.protocols.netty.HandlerConstants;

import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A loopback server whose connections get the pipeline James 3.8.1 builds (optional PROXY decoder, line decoder on an
 * executor group of its own with a single thread so that queues build up, chunked writer, timeout handler) and a core
 * handler of the test's own, which attaches the connection to the SMTP workers.
 */
final class JamesLikeServer implements AutoCloseable {
    private final NioEventLoopGroup loops = new NioEventLoopGroup(2);
    private final DefaultEventExecutorGroup decoders = new DefaultEventExecutorGroup(1);
    private final Channel server;

    /**
     * @param proxy whether connections start with a PROXY protocol header
     * @param core  makes each connection's core handler
     */
    JamesLikeServer(boolean proxy, Supplier<ChannelHandler> core) throws InterruptedException {
        server = new ServerBootstrap()
            .group(loops)
            .channel(NioServerSocketChannel.class)
            .childHandler(new ChannelInitializer<SocketChannel>() {
                @Override
                protected void initChannel(SocketChannel ch) {
                    if (proxy) {
                        ch.pipeline().addLast(HandlerConstants.PROXY_HANDLER, new HAProxyMessageDecoder());
                    }
                    ch.pipeline().addLast(decoders, HandlerConstants.FRAMER,
                        new LineBasedFrameDecoder(8192, false, false));
                    ch.pipeline().addLast(HandlerConstants.CHUNK_HANDLER, new ChunkedWriteHandler());
                    ch.pipeline().addLast(HandlerConstants.TIMEOUT_HANDLER, new ChannelDuplexHandler());
                    ch.pipeline().addLast(HandlerConstants.CORE_HANDLER, core.get());
                }
            })
            .bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
    }

    int port() {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    @Override
    public void close() throws InterruptedException {
        server.close().sync();
        loops.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        decoders.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
    }
}
