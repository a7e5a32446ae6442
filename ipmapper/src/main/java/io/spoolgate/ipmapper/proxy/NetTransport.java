package io.spoolgate.ipmapper.proxy;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;

/**
 * The socket implementation: Linux epoll when its native library loads (fewer system calls and no selector
 * garbage), Java NIO otherwise. Setting the system property {@code ipmapper.nio=true} forces NIO.
 */
enum NetTransport {
    /** Netty's native epoll transport. */
    EPOLL,
    /** Java NIO. */
    NIO;

    /** @return epoll when available and not disabled, else NIO */
    static NetTransport best() {
        return !Boolean.getBoolean("ipmapper.nio") && Epoll.isAvailable() ? EPOLL : NIO;
    }

    EventLoopGroup group(int threads) {
        return this == EPOLL ? new EpollEventLoopGroup(threads) : new NioEventLoopGroup(threads);
    }

    Class<? extends ServerSocketChannel> serverChannel() {
        return this == EPOLL ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    }

    Class<? extends SocketChannel> channel() {
        return this == EPOLL ? EpollSocketChannel.class : NioSocketChannel.class;
    }
}
