package io.spoolgate.exit.host;

import io.spoolgate.exit.ExitCommand;
import io.spoolgate.exit.ExitConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The chain of exits, in the order they were defined, and their lifecycle: start, stop and replace while the
 * server runs. Connections bind to the active exits when they open and at each {@code HELO}/{@code EHLO}
 * ({@link ExitConversation}); a stopped or replaced exit keeps serving the transactions already under way and is
 * terminated (term call, class loader closed) when the last of them ends, or after the drain timeout.
 *
 * <p>Logs {@code SGX001I} when an exit becomes active (like z/OS's EZA5549I) and {@code SGX002I} when it stops.
 */
public final class ExitRegistry implements AutoCloseable {
    private static final Logger LOGGER = LoggerFactory.getLogger(ExitRegistry.class);

    private final ExitLoader loader;
    private final Map<String, Slot> slots = new LinkedHashMap<>();
    private final ExecutorService lifecycle = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "spoolgate-exit-lifecycle");
        thread.setDaemon(true);
        return thread;
    });
    private final ScheduledThreadPoolExecutor drainTimer = new ScheduledThreadPoolExecutor(1, runnable -> {
        Thread thread = new Thread(runnable, "spoolgate-exit-drain");
        thread.setDaemon(true);
        return thread;
    });
    private volatile List<ExitInstance> active = List.of();
    private volatile ExitInvoker invoker;
    private long generations;

    /**
     * @param loader   makes exit objects
     * @param settings initial call settings (see {@link #configure})
     */
    public ExitRegistry(ExitLoader loader, HostSettings settings) {
        this.loader = loader;
        this.invoker = new ExitInvoker(settings);
        this.drainTimer.setRemoveOnCancelPolicy(true);
    }

    /**
     * Changes the call settings (budget, threads, ...); calls in flight finish on the old pool.
     *
     * @param settings the new settings
     */
    public synchronized void configure(HostSettings settings) {
        if (!settings.equals(invoker.settings())) {
            ExitInvoker old = invoker;
            invoker = new ExitInvoker(settings);
            drainTimer.schedule(old::close, settings.budget().toMillis() * 2 + 1000, TimeUnit.MILLISECONDS);
        }
    }

    /** @return the invoker running exit calls with the current settings */
    public ExitInvoker invoker() {
        return invoker;
    }

    /** @return the active exits, in chain order (an immutable snapshot) */
    public List<ExitInstance> active() {
        return active;
    }

    /** @return a new conversation for a connection or a replayed spool file */
    public ExitConversation openConversation() {
        return new ExitConversation(this);
    }

    /**
     * Adds an exit at the end of the chain.
     *
     * @param definition the exit
     * @param start      whether to start it at once
     * @return its status
     * @throws IllegalStateException if an exit of that name exists
     * @throws ExitLoadException     if it cannot be started (it stays defined, stopped)
     */
    public synchronized ExitStatus define(ExitDefinition definition, boolean start) {
        if (slots.containsKey(definition.name())) {
            throw new IllegalStateException("an SMTP exit named '" + definition.name() + "' is already defined");
        }
        slots.put(definition.name(), new Slot(definition));
        return start ? start(definition.name()) : status(definition.name());
    }

    /** @return true when an exit of that name is defined */
    public synchronized boolean isDefined(String name) {
        return slots.containsKey(name);
    }

    /**
     * Starts a stopped exit (init call); new connections see it from their next connection open or {@code HELO}.
     * Starting an active exit does nothing.
     *
     * @param name the exit
     * @return its status
     * @throws UnknownExitException if not defined
     * @throws ExitLoadException    if it cannot be loaded or its init fails
     */
    public synchronized ExitStatus start(String name) {
        Slot slot = slot(name);
        if (slot.instance == null) {
            slot.instance = activate(slot, slot.definition);
            publish();
        }
        return status(name);
    }

    /**
     * Stops an exit: no new connection sees it; transactions under way finish with it; then its term call is made.
     *
     * @param name the exit
     * @return its status
     * @throws UnknownExitException if not defined
     */
    public synchronized ExitStatus stop(String name) {
        Slot slot = slot(name);
        ExitInstance old = slot.instance;
        if (old != null) {
            slot.instance = null;
            publish();
            retire(slot, old);
        }
        return status(name);
    }

    /**
     * Replaces an exit by a new definition (new class or jar or parameters) and starts it; the old generation
     * drains as for {@link #stop}. If the exit is not defined it is added and started. If the new one cannot be
     * started, the old one stays as it was.
     *
     * @param definition the new definition
     * @return the status
     * @throws ExitLoadException if the new exit cannot be loaded or its init fails
     */
    public synchronized ExitStatus replace(ExitDefinition definition) {
        Slot slot = slots.get(definition.name());
        if (slot == null) {
            return define(definition, true);
        }
        ExitInstance fresh = activate(slot, definition);
        ExitInstance old = slot.instance;
        slot.definition = definition;
        slot.instance = fresh;
        publish();
        if (old != null) {
            retire(slot, old);
        }
        return status(definition.name());
    }

    /** @return the status of every exit, in chain order */
    public synchronized List<ExitStatus> statuses() {
        List<ExitStatus> result = new ArrayList<>();
        for (String name : slots.keySet()) {
            result.add(status(name));
        }
        return result;
    }

    /**
     * @param name the exit
     * @return its status
     * @throws UnknownExitException if not defined
     */
    public synchronized ExitStatus status(String name) {
        Slot slot = slot(name);
        ExitDefinition def = slot.definition;
        ExitInstance current = slot.instance;
        int draining = (int) slot.retired.stream().filter(i -> !i.isTerminated()).count();
        return new ExitStatus(def.name(), current == null ? "stopped" : "active", def.className(),
            def.jar().map(Object::toString).orElse(null), def.parameters(),
            current == null ? 0 : current.generation(), draining, current == null ? 0 : current.users(),
            slot.lastError, slot.metrics.snapshot());
    }

    private Slot slot(String name) {
        Slot slot = slots.get(name);
        if (slot == null) {
            throw new UnknownExitException(name);
        }
        return slot;
    }

    private void publish() {
        List<ExitInstance> list = new ArrayList<>();
        for (Slot slot : slots.values()) {
            if (slot.instance != null) {
                list.add(slot.instance);
            }
        }
        active = List.copyOf(list);
    }

    private ExitInstance activate(Slot slot, ExitDefinition definition) {
        LoadedExit loaded;
        Object token;
        Set<ExitCommand> commands;
        boolean nonBlocking;
        try {
            loaded = loader.load(definition);
        } catch (ExitLoadException e) {
            slot.lastError = e.getMessage();
            throw e;
        }
        try {
            ExitConfig config = new ExitConfig(definition.name(), definition.parameters());
            token = runLifecycle(() -> loaded.exit().init(config), invoker.settings().lifecycleTimeout());
            Object initToken = token;
            commands = runLifecycle(() -> wanted(loaded.exit().commands(initToken)),
                invoker.settings().lifecycleTimeout());
            nonBlocking = runLifecycle(() -> loaded.exit().nonBlocking(initToken),
                invoker.settings().lifecycleTimeout());
        } catch (Exception e) {
            closeLoader(definition.name(), loaded);
            String message = "exit " + definition.name() + ": init failed: " + describe(e);
            slot.lastError = message;
            throw new ExitLoadException(message, e);
        }
        slot.lastError = null;
        long generation = ++generations;
        LOGGER.info("SGX001I SMTP exit {} is active (class {}{}, generation {}{})", definition.name(),
            definition.className(), definition.jar().map(jar -> " from " + jar).orElse(""), generation,
            nonBlocking ? ", non-blocking" : "");
        return new ExitInstance(definition, generation, loaded, token, commands, nonBlocking, slot.metrics);
    }

    private static Set<ExitCommand> wanted(Set<ExitCommand> declared) {
        if (declared == null || declared.isEmpty()) {
            return Set.of();
        }
        return Collections.unmodifiableSet(EnumSet.copyOf(declared));
    }

    private void retire(Slot slot, ExitInstance old) {
        slot.retired.removeIf(ExitInstance::isTerminated);
        slot.retired.add(old);
        old.retire(() -> terminate(old));
        Duration drain = invoker.settings().drainTimeout();
        old.drainDeadline(drainTimer.schedule(() -> {
            if (!old.isTerminated()) {
                LOGGER.warn("SGX003W SMTP exit {} generation {} still had {} connection(s) after the {} s drain;"
                    + " terminating it", old.name(), old.generation(), old.users(), drain.toSeconds());
                terminate(old);
            }
        }, drain.toMillis(), TimeUnit.MILLISECONDS));
    }

    private void terminate(ExitInstance instance) {
        if (!instance.markTerminated()) {
            return;
        }
        instance.cancelDrainDeadline();
        synchronized (this) {
            for (Slot slot : slots.values()) {
                slot.retired.remove(instance);
            }
        }
        lifecycle.execute(() -> {
            try {
                instance.exit().term(instance.token());
            } catch (RuntimeException | LinkageError e) {
                LOGGER.warn("SGX004W SMTP exit {} generation {}: term failed: {}", instance.name(),
                    instance.generation(), describe(e));
            }
            closeLoader(instance.name(), instance.loaded());
            LOGGER.info("SGX002I SMTP exit {} generation {} stopped", instance.name(), instance.generation());
        });
    }

    private <T> T runLifecycle(Callable<T> action, Duration timeout) throws Exception {
        Future<T> future = lifecycle.submit(action);
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new TimeoutException("no answer within " + timeout.toMillis() + " ms");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw cause instanceof Exception ? (Exception) cause : new RuntimeException(cause);
        }
    }

    private static void closeLoader(String name, LoadedExit loaded) {
        try {
            loaded.closeLoader();
        } catch (IOException e) {
            LOGGER.warn("SMTP exit {}: closing its class loader failed: {}", name, e.toString());
        }
    }

    private static String describe(Throwable e) {
        return e.getMessage() == null ? e.toString() : e.getClass().getSimpleName() + ": " + e.getMessage();
    }

    /**
     * Stops every exit at once (server shutdown): term calls are made without waiting for connections to drain,
     * then the exit threads stop.
     */
    @Override
    public void close() {
        List<ExitInstance> all = new ArrayList<>();
        synchronized (this) {
            for (Slot slot : slots.values()) {
                if (slot.instance != null) {
                    all.add(slot.instance);
                    slot.instance = null;
                }
                all.addAll(slot.retired);
            }
            publish();
        }
        for (ExitInstance instance : all) {
            instance.retire(() -> { });
            terminate(instance);
        }
        drainTimer.shutdownNow();
        lifecycle.shutdown();
        try {
            lifecycle.awaitTermination(invoker.settings().lifecycleTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        invoker.close();
    }

    /** One named place in the chain. */
    private static final class Slot {
        private final ExitMetrics metrics = new ExitMetrics();
        private final List<ExitInstance> retired = new ArrayList<>();
        private ExitDefinition definition;
        private ExitInstance instance;
        private String lastError;

        Slot(ExitDefinition definition) {
            this.definition = definition;
        }
    }

    /** @return the definition of a defined exit, for tests and the control interface */
    synchronized Optional<ExitDefinition> definition(String name) {
        return Optional.ofNullable(slots.get(name)).map(slot -> slot.definition);
    }
}
