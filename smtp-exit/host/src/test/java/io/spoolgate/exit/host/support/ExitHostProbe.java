package io.spoolgate.exit.host.support;

import io.spoolgate.exit.PunchGate;
import io.spoolgate.exit.SpoolMailGate;
import io.spoolgate.exit.host.ExitRegistry;
import org.apache.james.utils.GuiceProbe;

import javax.inject.Inject;

/** Gives tests the exit host's singletons from the running James server. */
public class ExitHostProbe implements GuiceProbe {
    private final ExitRegistry registry;
    private final SpoolMailGate spoolMailGate;
    private final PunchGate punchGate;

    /** Injected by Guice. */
    @Inject
    public ExitHostProbe(ExitRegistry registry, SpoolMailGate spoolMailGate, PunchGate punchGate) {
        this.registry = registry;
        this.spoolMailGate = spoolMailGate;
        this.punchGate = punchGate;
    }

    public ExitRegistry registry() {
        return registry;
    }

    public SpoolMailGate spoolMailGate() {
        return spoolMailGate;
    }

    public PunchGate punchGate() {
        return punchGate;
    }
}
