package io.spoolgate.launcher;

import org.apache.james.ExtraProperties;
import org.apache.james.FakeSearchMailboxModule;
import org.apache.james.GuiceJamesServer;
import org.apache.james.JamesServerMain;
import org.apache.james.MemoryJamesConfiguration;
import org.apache.james.MemoryJamesServerMain;
import org.apache.james.modules.RunArgumentsModule;

/**
 * Boots the stock James 3.8.1 memory server with the Spoolgate bundle and a durable mail queue.
 *
 * <p>Everything else is James's own: the configuration is read from {@code conf/} under the working directory
 * ({@code -Dworking.directory=DIR}), extensions from {@code conf/extensions.properties}. The only change to the memory
 * app's module set is {@link DurableMailQueueModule} in place of the in-memory queue.</p>
 */
public final class SpoolgateServerMain {

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
        return MemoryJamesServerMain.createServer(configuration)
            .overrideWith(new DurableMailQueueModule());
    }
}
