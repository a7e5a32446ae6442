package io.spoolgate.exit.host.support;

import com.google.inject.multibindings.Multibinder;
import io.spoolgate.exit.host.guice.SmtpExitModule;
import io.spoolgate.exit.host.webadmin.ExitRoutes;
import org.apache.james.JamesServerBuilder;
import org.apache.james.JamesServerExtension;
import org.apache.james.MemoryJamesConfiguration;
import org.apache.james.MemoryJamesServerMain;
import org.apache.james.utils.GuiceProbe;
import org.apache.james.webadmin.RandomPortSupplier;
import org.apache.james.webadmin.WebAdminConfiguration;

import static org.apache.james.data.UsersRepositoryModuleChooser.Implementation.DEFAULT;

/**
 * An in-process James 3.8.1 memory server with the exit host: SMTP on 127.0.0.1 (random port, test
 * smtpserver.xml), webadmin on 127.0.0.1 (random port) with JWT on, the exit routes and the exit host's Guice
 * module.
 */
public final class ExitHostServer {
    private ExitHostServer() {
    }

    /** @param keys the JWT keys webadmin trusts @return the extension, one server for the whole test class */
    public static JamesServerExtension extension(JwtKeys keys) {
        return new JamesServerBuilder<MemoryJamesConfiguration>(tmpDir -> MemoryJamesConfiguration.builder()
            .workingDirectory(tmpDir)
            .configurationFromClasspath()
            .usersRepository(DEFAULT)
            .build())
            .server(configuration -> MemoryJamesServerMain.createServer(configuration)
                .combineWith(new SmtpExitModule(),
                    binder -> Multibinder.newSetBinder(binder, GuiceProbe.class).addBinding().to(ExitHostProbe.class))
                .overrideWith(binder -> binder.bind(WebAdminConfiguration.class)
                    .toInstance(WebAdminConfiguration.builder()
                        .enabled()
                        .host("127.0.0.1")
                        .port(new RandomPortSupplier())
                        .corsDisabled()
                        .jwtPublicKeyPEM(keys.publicKeyPem())
                        .additionalRoute(ExitRoutes.class.getName())
                        .build())))
            .lifeCycle(JamesServerExtension.Lifecycle.PER_CLASS)
            .build();
    }
}
