package io.spoolgate.mailets.scan;

import com.google.inject.AbstractModule;
import com.google.inject.Scopes;

/**
 * Binds the scanning components as server-wide singletons (one set of clients, policies and counters shared by the
 * mailets, matchers, SMTP handler, routes and the retention task). Optional — {@link ScanningServices} is a
 * {@code @Singleton} and is created on demand — but listing it makes the wiring explicit:
 * {@code guice.extension.module=io.spoolgate.mailets.scan.ScanningModule}.
 */
public class ScanningModule extends AbstractModule {
    @Override
    protected void configure() {
        bind(ScanningServices.class).in(Scopes.SINGLETON);
        bind(QuarantinePurger.class).in(Scopes.SINGLETON);
    }
}
