package io.spoolgate.vmspool.james;

import com.google.inject.AbstractModule;
import com.google.inject.Scopes;
import com.google.inject.multibindings.OptionalBinder;

import io.spoolgate.exit.PunchGate;
import io.spoolgate.exit.SpoolMailGate;

/**
 * Spoolgate's Guice bindings for the vmspool side: one spool intake per server, shared by the startable and the
 * webadmin routes; and the spool gates of the SMTP exits, which pass everything when the exit host
 * ({@code io.spoolgate.exit.host.guice.SmtpExitModule}) is not installed. List it in {@code extensions.properties}:
 * {@code guice.extension.module=io.spoolgate.vmspool.james.SpoolgateModule}.
 */
public class SpoolgateModule extends AbstractModule {

    @Override
    protected void configure() {
        bind(SpoolIntake.class).in(Scopes.SINGLETON);
        OptionalBinder.newOptionalBinder(binder(), SpoolMailGate.class).setDefault().toInstance(SpoolMailGate.NONE);
        OptionalBinder.newOptionalBinder(binder(), PunchGate.class).setDefault().toInstance(PunchGate.NONE);
    }
}
