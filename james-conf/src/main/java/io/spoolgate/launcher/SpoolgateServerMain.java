package io.spoolgate.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

import org.apache.james.ExtraProperties;
import org.apache.james.FakeSearchMailboxModule;
import org.apache.james.GuiceJamesServer;
import org.apache.james.JamesServerMain;
import org.apache.james.MemoryJamesConfiguration;
import org.apache.james.MemoryJamesServerMain;
import org.apache.james.modules.RunArgumentsModule;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.inject.Module;

import io.spoolgate.queue.QueueSettings;

/**
 * Boots the stock James 3.8.1 memory server with the Spoolgate bundle and a durable mail queue.
 *
 * <p>Everything else is James's own: the configuration is read from {@code conf/} under the working directory
 * ({@code -Dworking.directory=DIR}), extensions from {@code conf/extensions.properties}. The only change to the memory
 * app's module set is a durable mail queue in place of the in-memory one: Spoolgate's journal queue
 * ({@link JournalMailQueueModule}, the default) or James's ActiveMQ queue ({@link DurableMailQueueModule}), as
 * {@code conf/queue.properties} says ({@link QueueSettings}).</p>
 */
public final class SpoolgateServerMain {

    private static final Logger LOGGER = LoggerFactory.getLogger(SpoolgateServerMain.class);

    private SpoolgateServerMain() {
    }

    public static void main(String[] args) throws Exception {
        ExtraProperties.initialize();
        MemoryJamesConfiguration configuration = MemoryJamesConfiguration.builder()
            .useWorkingDirectoryEnvProperty()
            .build();
        GuiceJamesServer server = createServer(configuration)
            .combineWith(new FakeSearchMailboxModule())
            .overrideWith(new RunArgumentsModule(args));
        JamesServerMain.main(server);
    }

    /** The memory server with the durable queue; tests add their own overrides on top. */
    public static GuiceJamesServer createServer(MemoryJamesConfiguration configuration) {
        Path root = configuration.directories().getRootDirectory() == null
            ? Path.of(".") : Path.of(configuration.directories().getRootDirectory());
        return MemoryJamesServerMain.createServer(configuration)
            .overrideWith(queueModule(root.toAbsolutePath()));
    }

    static Module queueModule(Path workingDirectory) {
        QueueSettings settings = QueueSettings.from(queueProperties(workingDirectory), workingDirectory);
        if (settings.journal()) {
            warnAboutActiveMqLeftovers(workingDirectory.resolve("var/store/activemq/brokers/KahaDB"));
            return new JournalMailQueueModule(settings);
        }
        return new DurableMailQueueModule();
    }

    /** Mail an earlier installation left in the ActiveMQ queue is not seen by the journal queue: say so. */
    private static void warnAboutActiveMqLeftovers(Path kahaDb) {
        if (!Files.isDirectory(kahaDb)) {
            return;
        }
        try (var logs = Files.newDirectoryStream(kahaDb, "db-*.log")) {
            if (logs.iterator().hasNext()) {
                LOGGER.warn("SGQ004W {} holds an ActiveMQ mail "
                    + "queue from an earlier installation; the journal queue does not deliver mail left there. To drain "
                    + "it, start once with queue.implementation=activemq in conf/queue.properties, wait until "
                    + "GET /mailQueues/spool/mails is empty, then switch back and remove var/store/activemq", kahaDb);
            }
        } catch (IOException e) {
            LOGGER.debug("cannot look into {}", kahaDb, e);
        }
    }

    private static Properties queueProperties(Path workingDirectory) {
        Properties properties = new Properties();
        Path file = workingDirectory.resolve("conf/queue.properties");
        if (Files.isRegularFile(file)) {
            try (InputStream in = Files.newInputStream(file)) {
                properties.load(in);
            } catch (IOException e) {
                throw new IllegalStateException("cannot read " + file + ": " + e.getMessage(), e);
            }
        }
        return properties;
    }
}
