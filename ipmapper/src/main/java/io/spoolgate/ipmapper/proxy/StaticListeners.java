package io.spoolgate.ipmapper.proxy;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.spoolgate.ipmapper.config.PortMapping;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * The listening sockets of the static mappings. {@link #apply} brings them in line with a new mapping table:
 * new ports are bound, removed ports stop listening, changed targets take effect for the next connection.
 * Established connections are never touched.
 */
final class StaticListeners {
    private static final Logger LOG = Logger.getLogger(StaticListeners.class.getName());

    private final ProxyContext context;
    private final Map<Integer, Listener> listeners = new HashMap<>();

    /** One bound static port and the mapping it currently serves. */
    static final class Listener {
        volatile PortMapping mapping;
        Channel serverChannel;

        Listener(PortMapping mapping) {
            this.mapping = mapping;
        }
    }

    StaticListeners(ProxyContext context) {
        this.context = context;
    }

    /**
     * @param mappings the wanted static mappings
     * @param strict   true at start-up: the first bind failure is thrown
     * @return problems met (bind failures when not strict)
     * @throws IOException when strict and a port cannot be bound
     */
    synchronized List<String> apply(List<PortMapping> mappings, boolean strict) throws IOException {
        List<String> problems = new ArrayList<>();
        Set<Integer> wanted = new HashSet<>();
        for (PortMapping mapping : mappings) {
            wanted.add(mapping.listenPort());
            Listener existing = listeners.get(mapping.listenPort());
            if (existing != null) {
                if (!existing.mapping.equals(mapping)) {
                    LOG.info("static " + mapping.listenPort() + " now -> " + mapping.targetHost() + ":" + mapping.targetPort()
                        + " proxy=" + mapping.proxyProtocol());
                }
                existing.mapping = mapping;
                continue;
            }
            Listener listener = new Listener(mapping);
            ChannelFuture bind = context.relayChildOptions(new ServerBootstrap())
                .group(context.boss, context.workers)
                .channel(context.transport.serverChannel())
                .option(ChannelOption.SO_BACKLOG, 1024)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childHandler(new InboundConnectionHandler.Initializer(context, listener))
                .bind(context.settings.bindAddress(), mapping.listenPort());
            if (!bind.awaitUninterruptibly(10, TimeUnit.SECONDS) || !bind.isSuccess()) {
                String problem = "cannot listen on " + context.settings.bindAddress() + ":" + mapping.listenPort() + ": " + bind.cause();
                if (strict) {
                    throw new IOException(problem, bind.cause());
                }
                LOG.severe(problem);
                problems.add(problem);
                continue;
            }
            listener.serverChannel = bind.channel();
            listeners.put(mapping.listenPort(), listener);
            LOG.info("static " + mapping.listenPort() + " listening on " + ProxyContext.describe(bind.channel().localAddress())
                + " -> " + mapping.targetHost() + ":" + mapping.targetPort() + " stack " + mapping.stackName()
                + " proxy=" + mapping.proxyProtocol());
        }
        for (Integer port : new ArrayList<>(listeners.keySet())) {
            if (!wanted.contains(port)) {
                Listener removed = listeners.remove(port);
                removed.serverChannel.close().awaitUninterruptibly(10, TimeUnit.SECONDS);
                LOG.info("static " + port + " no longer mapped: stopped listening (established connections continue)");
            }
        }
        return problems;
    }

    synchronized List<PortMapping> current() {
        List<PortMapping> result = new ArrayList<>();
        listeners.values().forEach(listener -> result.add(listener.mapping));
        result.sort(java.util.Comparator.comparingInt(PortMapping::listenPort));
        return result;
    }

    synchronized void close() {
        listeners.values().forEach(listener -> listener.serverChannel.close().awaitUninterruptibly(10, TimeUnit.SECONDS));
        listeners.clear();
    }
}
