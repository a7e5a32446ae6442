package io.spoolgate.exit.host.guice;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.google.inject.multibindings.OptionalBinder;
import io.spoolgate.exit.PunchGate;
import io.spoolgate.exit.SpoolMailGate;
import io.spoolgate.exit.host.ExitJarStore;
import io.spoolgate.exit.host.ExitLoader;
import io.spoolgate.exit.host.ExitRegistry;
import io.spoolgate.exit.host.HostSettings;
import io.spoolgate.exit.host.SpoolExitGates;
import org.apache.james.filesystem.api.FileSystem;

import java.io.File;
import java.io.FileNotFoundException;

/**
 * Guice bindings of the exit host, for {@code guice.extension.module} in {@code extensions.properties}: one
 * {@link ExitRegistry} shared by the SMTP handler, the webadmin routes and the spool gates; {@link SpoolMailGate}
 * and {@link PunchGate} for the spool intake and the vmspool repository (as {@code OptionalBinder} bindings: a module
 * of the spool side may declare {@code setDefault().toInstance(PunchGate.NONE)} for installations without the exit
 * host); the jar store in
 * {@code file://var/spoolgate/exits} (James working directory).
 */
public class SmtpExitModule extends AbstractModule {
    /** Largest exit jar accepted over webadmin. */
    public static final long MAX_JAR_BYTES = 64L * 1024 * 1024;

    @Override
    protected void configure() {
        OptionalBinder.newOptionalBinder(binder(), SpoolMailGate.class).setBinding().to(SpoolExitGates.class);
        OptionalBinder.newOptionalBinder(binder(), PunchGate.class).setBinding().to(SpoolExitGates.class);
    }

    @Provides
    @Singleton
    ExitRegistry registry() {
        return new ExitRegistry(new ExitLoader(SmtpExitModule.class.getClassLoader()), HostSettings.DEFAULTS);
    }

    @Provides
    @Singleton
    SpoolExitGates gates(ExitRegistry registry) {
        return new SpoolExitGates(registry);
    }

    @Provides
    @Singleton
    ExitJarStore jarStore(FileSystem fileSystem) throws FileNotFoundException {
        File directory = fileSystem.getFile("file://var/spoolgate/exits");
        return new ExitJarStore(directory.toPath(), MAX_JAR_BYTES);
    }
}
