package io.spoolgate.ipmapper.proxy;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.LineBasedFrameDecoder;
import io.netty.handler.codec.string.StringDecoder;
import io.netty.handler.codec.string.StringEncoder;
import io.spoolgate.ipmapper.config.ConfigException;
import io.spoolgate.ipmapper.config.ConfigFiles;
import io.spoolgate.ipmapper.config.IpMapperConfig;
import io.spoolgate.ipmapper.config.PortMapping;
import io.spoolgate.ipmapper.control.ControlCommandParser;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * The running proxy: static listeners, transient mappings and the control port. {@link #start} refuses to run on
 * a broken configuration; {@link #reload} swaps in new files without touching established connections and keeps
 * the old configuration when the new one is broken.
 */
public final class IpMapperServer implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(IpMapperServer.class.getName());
    private static final Duration CONTROL_IDLE = Duration.ofSeconds(120);

    private final ConfigFiles files;
    private final ProxyContext context;
    private final StaticListeners statics;
    private final TransientMappings transients;
    private final Object reloadLock = new Object();
    private volatile String fingerprint;
    private Channel control;

    private IpMapperServer(IpMapperSettings settings, ConfigFiles files, IpMapperConfig config) {
        this.files = files;
        this.context = new ProxyContext(settings, config, NetTransport.best());
        this.statics = new StaticListeners(context);
        this.transients = new TransientMappings(context, config.mappings().freePorts());
    }

    /**
     * Loads the configuration, binds every static port and the control port.
     *
     * @param settings run-time settings
     * @param files    configuration files
     * @return the running server
     * @throws ConfigException when a file is broken (nothing is started)
     * @throws IOException     when a port cannot be bound (everything started is stopped again)
     */
    public static IpMapperServer start(IpMapperSettings settings, ConfigFiles files) throws ConfigException, IOException {
        String fingerprint = files.fingerprint();
        IpMapperConfig config = files.load();
        IpMapperServer server = new IpMapperServer(settings, files, config);
        server.fingerprint = fingerprint;
        try {
            server.statics.apply(config.mappings().staticMappings(), true);
            server.bindControl();
        } catch (IOException | RuntimeException e) {
            server.close();
            throw e;
        }
        String transport = server.context.transport.name().toLowerCase(java.util.Locale.ROOT);
        String relay = server.context.relay().name().toLowerCase(java.util.Locale.ROOT);
        LOG.info("ipmapper started (" + transport + ", " + relay + " relay): " + config.mappings().staticMappings().size() + " static mappings, "
            + config.mappings().freePorts().size() + " transient ports, control on "
            + ProxyContext.describe(server.control.localAddress()));
        return server;
    }

    private void bindControl() throws IOException {
        ChannelFuture bind = new ServerBootstrap()
            .group(context.boss, context.workers)
            .channel(context.transport.serverChannel())
            .option(ChannelOption.SO_REUSEADDR, true)
            .childHandler(new ChannelInitializer<SocketChannel>() {
                @Override
                protected void initChannel(SocketChannel channel) {
                    channel.pipeline()
                        .addLast(new IdleCloser(CONTROL_IDLE))
                        .addLast(new LineBasedFrameDecoder(ControlCommandParser.MAX_LINE_LENGTH + 2, true, true))
                        .addLast(new StringDecoder(StandardCharsets.ISO_8859_1))
                        .addLast(new StringEncoder(StandardCharsets.US_ASCII))
                        .addLast(new ControlHandler(IpMapperServer.this));
                }
            })
            .bind(context.settings.controlAddress(), context.settings.controlPort());
        if (!bind.awaitUninterruptibly(10, TimeUnit.SECONDS) || !bind.isSuccess()) {
            throw new IOException("cannot listen on control port " + context.settings.controlAddress() + ":"
                + context.settings.controlPort() + ": " + bind.cause(), bind.cause());
        }
        control = bind.channel();
    }

    /**
     * Re-reads the configuration files and applies them. Established connections and transient mappings stay.
     *
     * @return a summary of the new configuration (and of ports that could not be bound)
     * @throws ConfigException when a file is broken; the old configuration stays in force
     */
    public String reload() throws ConfigException {
        synchronized (reloadLock) {
            String newFingerprint = files.fingerprint();
            IpMapperConfig config;
            try {
                config = files.load();
            } catch (ConfigException e) {
                LOG.severe("reload failed, old configuration kept: " + e.getMessage());
                throw e;
            }
            context.config.set(config);
            transients.reconfigure(config.mappings().freePorts());
            List<String> problems;
            try {
                problems = statics.apply(config.mappings().staticMappings(), false);
            } catch (IOException e) {
                throw new IllegalStateException("non-strict apply cannot throw", e);
            }
            fingerprint = newFingerprint;
            String summary = "reloaded: " + config.mappings().staticMappings().size() + " static mappings, "
                + config.mappings().freePorts().size() + " transient ports, " + config.controlAuth().networks().size()
                + " authorised networks, " + config.clientAcl().rules().size() + " ACL rules"
                + (problems.isEmpty() ? "" : "; " + String.join("; ", problems));
            LOG.info(summary);
            return summary;
        }
    }

    /**
     * Reloads when a configuration file changed since the last load (for a periodic watcher).
     *
     * @return true when a reload was attempted
     */
    public boolean reloadIfChanged() {
        if (files.fingerprint().equals(fingerprint)) {
            return false;
        }
        try {
            reload();
        } catch (ConfigException e) {
            fingerprint = files.fingerprint(); // do not retry a broken file until it changes again
        }
        return true;
    }

    /** @return the control port's bound address */
    public InetSocketAddress controlAddress() {
        return (InetSocketAddress) control.localAddress();
    }

    /** @return number of proxied connections open now */
    public int openConnections() {
        return context.connections();
    }

    /** @return the static mappings being served */
    public List<PortMapping> staticMappings() {
        return statics.current();
    }

    /** @return the transient mappings alive now */
    public List<TransientMapping> transientMappings() {
        return transients.list();
    }

    /** @return transient ports free for new mappings now */
    public int freeTransientPorts() {
        return transients.freeCount();
    }

    ProxyContext context() {
        return context;
    }

    TransientMappings transients() {
        return transients;
    }

    /** Stops listening, closes every connection and releases the threads. */
    @Override
    public void close() {
        if (control != null) {
            control.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
        statics.close();
        transients.closeAll();
        context.resolver.close();
        context.boss.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        context.workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        LOG.info("ipmapper stopped");
    }
}
