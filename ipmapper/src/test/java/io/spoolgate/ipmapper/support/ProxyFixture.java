package io.spoolgate.ipmapper.support;

import io.spoolgate.ipmapper.config.ConfigFiles;
import io.spoolgate.ipmapper.proxy.IpMapperServer;
import io.spoolgate.ipmapper.proxy.IpMapperSettings;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Writes configuration files into a directory and starts a real {@link IpMapperServer} on loopback. */
public final class ProxyFixture {
    private ProxyFixture() {
    }

    /** Writes a file, replacing it atomically so a watcher never sees half a file. */
    public static Path write(Path dir, String name, String content) throws IOException {
        Path temp = dir.resolve(name + ".tmp");
        Files.writeString(temp, content, StandardCharsets.UTF_8);
        Path target = dir.resolve(name);
        Files.move(temp, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        return target;
    }

    /**
     * @return loopback settings with an ephemeral control port; system property {@code ipmapper.test.relay}
     *         ({@code copy} or {@code splice}) picks the relay, else the default is tested
     */
    public static IpMapperSettings.Builder loopbackSettings() {
        IpMapperSettings.Builder builder = IpMapperSettings.builder().bindAddress("127.0.0.1").transientBindAddress("127.0.0.1")
            .controlAddress("127.0.0.1").controlPort(0).ioThreads(2);
        String relay = System.getProperty("ipmapper.test.relay", "").trim();
        if (!relay.isEmpty()) {
            builder.relay(IpMapperSettings.Relay.valueOf(relay.toUpperCase(java.util.Locale.ROOT)));
        }
        return builder;
    }

    /** Starts a server on the given files. */
    public static IpMapperServer start(IpMapperSettings settings, Path mapping, Path ipauth, Path acl) throws Exception {
        return IpMapperServer.start(settings, new ConfigFiles(mapping, Optional.ofNullable(ipauth), Optional.ofNullable(acl)));
    }
}
