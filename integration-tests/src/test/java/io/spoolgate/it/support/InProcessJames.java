package io.spoolgate.it.support;

import org.apache.james.FakeSearchMailboxModule;
import org.apache.james.GuiceJamesServer;
import org.apache.james.MemoryJamesConfiguration;
import org.apache.james.modules.protocols.SmtpGuiceProbe;
import org.apache.james.utils.WebAdminGuiceProbe;

import io.spoolgate.launcher.SpoolgateServerMain;

/** James 3.8.1 with the bundle in this JVM, exactly as the launcher builds it, on a prepared working directory. */
public final class InProcessJames implements AutoCloseable {

    private final GuiceJamesServer server;
    private final SpoolgateHome home;

    private InProcessJames(GuiceJamesServer server, SpoolgateHome home) {
        this.server = server;
        this.home = home;
    }

    public static InProcessJames start(SpoolgateHome home) throws Exception {
        MemoryJamesConfiguration configuration = MemoryJamesConfiguration.builder()
            .workingDirectory(home.dir().toFile())
            .build();
        GuiceJamesServer server = SpoolgateServerMain.createServer(configuration)
            .combineWith(new FakeSearchMailboxModule());
        server.start();
        return new InProcessJames(server, home);
    }

    public int smtpPort() {
        return server.getProbe(SmtpGuiceProbe.class).getSmtpPort().getValue();
    }

    public int webadminPort() {
        return server.getProbe(WebAdminGuiceProbe.class).getWebAdminPort().getValue();
    }

    public GuiceJamesServer server() {
        return server;
    }

    public SpoolgateHome home() {
        return home;
    }

    @Override
    public void close() {
        server.stop();
    }
}
