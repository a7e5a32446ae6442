package io.spoolgate.exit.host;

import io.spoolgate.exit.ExitCommand;
import io.spoolgate.exit.SmtpExit;

import java.time.Duration;
import java.util.Set;

import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One started generation of an exit: the exit object, its user token, and how many connections are bound to it.
 * Once retired (stopped or replaced) no new connection binds to it; it is terminated when the last bound connection
 * lets go of it, or when the registry's drain timeout forces it.
 */
public final class ExitInstance {
    private final ExitDefinition definition;
    private final long generation;
    private final LoadedExit loaded;
    private final Object token;
    private final Set<ExitCommand> commands;
    private final boolean nonBlocking;
    private final ExitMetrics metrics;
    private final AtomicInteger users = new AtomicInteger();
    private final AtomicBoolean terminated = new AtomicBoolean();
    private volatile boolean retired;
    private volatile long isolatedUntil;
    private int overruns;
    private volatile Runnable onIdle = () -> { };
    private volatile Future<?> drainDeadline;

    ExitInstance(ExitDefinition definition, long generation, LoadedExit loaded, Object token,
                 Set<ExitCommand> commands, boolean nonBlocking, ExitMetrics metrics) {
        this.definition = definition;
        this.generation = generation;
        this.loaded = loaded;
        this.token = token;
        this.commands = commands;
        this.nonBlocking = nonBlocking;
        this.metrics = metrics;
    }

    /** @return the exit's name */
    public String name() {
        return definition.name();
    }

    /** @return how the exit was made */
    public ExitDefinition definition() {
        return definition;
    }

    /** @return the generation number (increases with every start or replace) */
    public long generation() {
        return generation;
    }

    SmtpExit exit() {
        return loaded.exit();
    }

    LoadedExit loaded() {
        return loaded;
    }

    Object token() {
        return token;
    }

    /** @param command a call @return true if the exit asked for that call */
    boolean wants(ExitCommand command) {
        return commands.contains(command);
    }

    /**
     * @return true if the exit declared its calls non-blocking ({@link io.spoolgate.exit.SmtpExit#nonBlocking}) and
     *     has not overrun its budget lately: its command calls may then run on the SMTP server's I/O thread
     */
    public boolean callsMayRunOnIoThread() {
        return nonBlocking && !isIsolated();
    }

    ExitMetrics metrics() {
        return metrics;
    }

    /**
     * @return true for a while after a call of this instance ran past its budget on an SMTP worker thread: meanwhile
     *     its calls are handed to exit threads
     */
    public boolean isIsolated() {
        long until = isolatedUntil;
        return until != 0 && System.nanoTime() - until < 0;
    }

    /**
     * Isolates the instance after an overrun: for a minute the first time, twice as long at each further overrun,
     * at most an hour.
     *
     * @return how long it stays isolated
     */
    synchronized Duration isolate() {
        overruns++;
        Duration period = Duration.ofMinutes(1L << Math.min(6, overruns - 1));
        if (period.compareTo(Duration.ofHours(1)) > 0) {
            period = Duration.ofHours(1);
        }
        isolatedUntil = System.nanoTime() + period.toNanos();
        return period;
    }

    /** @return connections bound to this instance right now */
    public int users() {
        return users.get();
    }

    /** @return true once the term call has been made (or is being made) */
    public boolean isTerminated() {
        return terminated.get();
    }

    /** @return true when no new connection may bind to it */
    public boolean isRetired() {
        return retired;
    }

    /** @return true if the connection was bound; false if the instance was retired meanwhile */
    boolean acquire() {
        users.incrementAndGet();
        if (retired) {
            release();
            return false;
        }
        return true;
    }

    void release() {
        if (users.decrementAndGet() == 0 && retired) {
            onIdle.run();
        }
    }

    /** Marks the instance retired; {@code whenIdle} runs once no connection is bound (maybe at once). */
    void retire(Runnable whenIdle) {
        onIdle = whenIdle;
        retired = true;
        if (users.get() == 0) {
            whenIdle.run();
        }
    }

    void drainDeadline(Future<?> deadline) {
        drainDeadline = deadline;
        if (terminated.get()) {
            deadline.cancel(false);
        }
    }

    void cancelDrainDeadline() {
        Future<?> deadline = drainDeadline;
        if (deadline != null) {
            deadline.cancel(false);
        }
    }

    /** @return true for the one caller that must make the term call */
    boolean markTerminated() {
        return terminated.compareAndSet(false, true);
    }
}
