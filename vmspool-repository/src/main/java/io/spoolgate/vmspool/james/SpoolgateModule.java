package io.spoolgate.vmspool.james;

import com.google.inject.AbstractModule;
import com.google.inject.Scopes;

/**
 * Spoolgate's Guice bindings for the vmspool side: one spool intake per server, shared by the startable and the
 * webadmin routes. List it in {@code extensions.properties}:
 * {@code guice.extension.module=io.spoolgate.vmspool.james.SpoolgateModule}.
 */
public class SpoolgateModule extends AbstractModule {

    @Override
    protected void configure() {
        bind(SpoolIntake.class).in(Scopes.SINGLETON);
    }
}
