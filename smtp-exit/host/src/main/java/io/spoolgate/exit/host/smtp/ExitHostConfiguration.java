package io.spoolgate.exit.host.smtp;

import io.spoolgate.exit.host.ExitDefinition;
import io.spoolgate.exit.host.HostSettings;
import org.apache.commons.configuration2.Configuration;
import org.apache.commons.configuration2.ex.ConfigurationException;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the exit host's {@code <handler>} element of {@code smtpserver.xml}:
 *
 * <pre>{@code
 * <handler class="io.spoolgate.exit.host.smtp.SmtpExitHandler">
 *   <budgetMillis>50</budgetMillis>            <!-- default 50 -->
 *   <threads>16</threads>                      <!-- default 16 -->
 *   <queueCapacity>1024</queueCapacity>        <!-- default 1024; 0 = no queue -->
 *   <onTimeout>continue</onTimeout>            <!-- continue | tempfail; default continue -->
 *   <drainSeconds>30</drainSeconds>            <!-- default 30 -->
 *   <workers>32</workers>                      <!-- default 32; 0 = SMTP commands stay on James's I/O threads -->
 *   <inlineCalls>true</inlineCalls>            <!-- default true; false = every exit call on an exit thread -->
 *   <ioThreadCommands>HELO EHLO MAIL RCPT DATA RSET NOOP QUIT</ioThreadCommands> <!-- the default; empty = none -->
 *   <exit name="rfc2505" class="io.spoolgate.exit.rfc2505.Rfc2505Exit" start="true">
 *     <param name="maxRecipients" value="100"/>
 *   </exit>
 * </handler>
 * }</pre>
 *
 * {@code exit} may also carry {@code jar="/path/to/exit.jar"}; {@code start} defaults to true.
 */
final class ExitHostConfiguration {
    static final int DEFAULT_WORKERS = 32;

    private final HostSettings settings;
    private final List<Entry> exits;
    private final int workers;
    private final boolean inlineCalls;
    private final IoThreadCommands ioThreadCommands;

    private ExitHostConfiguration(HostSettings settings, List<Entry> exits, int workers, boolean inlineCalls,
                                  IoThreadCommands ioThreadCommands) {
        this.settings = settings;
        this.exits = exits;
        this.workers = workers;
        this.inlineCalls = inlineCalls;
        this.ioThreadCommands = ioThreadCommands;
    }

    /**
     * @return the commands whose lone lines the I/O thread may process itself, with no hand-off to a worker, when
     *     every exit is non-blocking and no hook of the command may block (see {@link CommandLinePeek})
     */
    IoThreadCommands ioThreadCommands() {
        return ioThreadCommands;
    }

    /** @return SMTP worker threads (0: commands stay on James's I/O threads) */
    int workers() {
        return workers;
    }

    /** @return whether exit calls on a worker run there, under the watchdog */
    boolean inlineCalls() {
        return inlineCalls;
    }

    HostSettings settings() {
        return settings;
    }

    List<Entry> exits() {
        return exits;
    }

    static ExitHostConfiguration read(Configuration config) throws ConfigurationException {
        try {
            HostSettings defaults = HostSettings.DEFAULTS;
            HostSettings settings = new HostSettings(
                Duration.ofMillis(config.getLong("budgetMillis", defaults.budget().toMillis())),
                config.getInt("threads", defaults.threads()),
                config.getInt("queueCapacity", defaults.queueCapacity()),
                HostSettings.TimeoutPolicy.parse(config.getString("onTimeout", "continue")),
                Duration.ofSeconds(config.getLong("drainSeconds", defaults.drainTimeout().toSeconds())),
                defaults.lifecycleTimeout());
            List<Entry> exits = new ArrayList<>();
            int count = config.getList("exit[@name]").size();
            for (int i = 0; i < count; i++) {
                String prefix = "exit(" + i + ")";
                String name = config.getString(prefix + "[@name]");
                String className = config.getString(prefix + "[@class]");
                if (className == null) {
                    throw new ConfigurationException("SMTP exit '" + name + "' in smtpserver.xml has no class attribute");
                }
                String jar = config.getString(prefix + "[@jar]", "");
                Map<String, String> parameters = new LinkedHashMap<>();
                int params = config.getList(prefix + ".param[@name]").size();
                for (int j = 0; j < params; j++) {
                    String key = config.getString(prefix + ".param(" + j + ")[@name]");
                    parameters.put(key, config.getString(prefix + ".param(" + j + ")[@value]", ""));
                }
                ExitDefinition definition = new ExitDefinition(name, className,
                    jar.isBlank() ? Optional.empty() : Optional.of(Path.of(jar)), parameters);
                exits.add(new Entry(definition, config.getBoolean(prefix + "[@start]", true)));
            }
            int workers = config.getInt("workers", DEFAULT_WORKERS);
            if (workers < 0 || workers > 1024) {
                throw new IllegalArgumentException("workers must be 0-1024, got " + workers);
            }
            IoThreadCommands ioThreadCommands = config.containsKey("ioThreadCommands")
                ? IoThreadCommands.parse(String.join(" ", config.getList(String.class, "ioThreadCommands", List.of())))
                : IoThreadCommands.all();
            return new ExitHostConfiguration(settings, exits, workers, config.getBoolean("inlineCalls", true),
                ioThreadCommands);
        } catch (IllegalArgumentException | org.apache.commons.configuration2.ex.ConversionException e) {
            throw new ConfigurationException("SMTP exit handler configuration in smtpserver.xml: " + e.getMessage(), e);
        }
    }

    /**
     * One configured exit.
     *
     * @param definition the exit
     * @param start      whether to start it when the server starts
     */
    record Entry(ExitDefinition definition, boolean start) {
    }
}
