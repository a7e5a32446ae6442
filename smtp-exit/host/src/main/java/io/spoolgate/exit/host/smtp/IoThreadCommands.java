package io.spoolgate.exit.host.smtp;

import io.netty.buffer.ByteBuf;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;

/**
 * The SMTP commands whose lines the I/O thread may process itself when a read brings exactly one complete line of
 * one of them, instead of handing it to an SMTP worker: commands whose hooks all answer from memory. End of data (the
 * durable enqueue), {@code AUTH}, {@code STARTTLS}, {@code VRFY} and {@code EXPN} never qualify, nor does a command
 * while one of its hooks may block ({@link HookBlocking}).
 */
final class IoThreadCommands {
    /** The commands that may qualify, and the default of {@code ioThreadCommands}. */
    enum Verb {
        HELO, EHLO, MAIL, RCPT, DATA, RSET, NOOP, QUIT;

        private static final Verb[] ALL = values();

        /** The four letters as one int, upper case, first letter highest. */
        private final int key = (name().charAt(0) << 24) | (name().charAt(1) << 16) | (name().charAt(2) << 8)
            | name().charAt(3);
    }

    /** The longest line looked at; longer ones go to the workers. */
    static final int MAX_LINE = 1024;

    private final Set<Verb> verbs;
    private final Map<Verb, List<BooleanSupplier>> hooks = new EnumMap<>(Verb.class);

    private IoThreadCommands(Set<Verb> verbs) {
        this.verbs = verbs;
        for (Verb verb : Verb.values()) {
            hooks.put(verb, new CopyOnWriteArrayList<>());
        }
    }

    /**
     * @param text the configured commands, separated by spaces or commas (case does not matter); empty for none
     * @return the commands
     * @throws IllegalArgumentException for a command that cannot qualify
     */
    static IoThreadCommands parse(String text) {
        Set<Verb> verbs = EnumSet.noneOf(Verb.class);
        for (String word : text.trim().split("[\\s,]+")) {
            if (word.isEmpty()) {
                continue;
            }
            try {
                verbs.add(Verb.valueOf(word.toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("ioThreadCommands: " + word + " cannot run on the I/O threads "
                    + "(possible: " + EnumSet.allOf(Verb.class) + ")", e);
            }
        }
        return new IoThreadCommands(verbs);
    }

    /** @return every command that may qualify */
    static IoThreadCommands all() {
        return new IoThreadCommands(EnumSet.allOf(Verb.class));
    }

    /**
     * @param verb     a command
     * @param mayBlock whether one of the command's hooks may block now: while it says so, the command's lines go to the
     *                 workers
     */
    void addHook(Verb verb, BooleanSupplier mayBlock) {
        hooks.get(verb).add(mayBlock);
    }

    /** @return the commands, in a stable order, for logs */
    Set<String> names() {
        Set<String> names = new TreeSet<>();
        verbs.forEach(verb -> names.add(verb.name()));
        return names;
    }

    /** @return true if none qualifies */
    boolean isEmpty() {
        return verbs.isEmpty();
    }

    /**
     * @param buf what one read brought (not consumed)
     * @return true if it is exactly one line, ending in LF, of one of the commands
     */
    boolean isSingleLineOfOne(ByteBuf buf) {
        int length = buf.readableBytes();
        if (length < 5 || length > MAX_LINE) {
            return false;
        }
        int start = buf.readerIndex();
        if (buf.getByte(start + length - 1) != '\n' || buf.indexOf(start, start + length - 1, (byte) '\n') >= 0) {
            return false;
        }
        byte after = buf.getByte(start + 4);
        if (after != ' ' && after != '\r' && after != '\n') {
            return false;
        }
        Verb verb = verbOf(buf.getByte(start), buf.getByte(start + 1), buf.getByte(start + 2), buf.getByte(start + 3));
        if (verb == null || !verbs.contains(verb)) {
            return false;
        }
        for (BooleanSupplier mayBlock : hooks.get(verb)) {
            if (mayBlock.getAsBoolean()) {
                return false;
            }
        }
        return true;
    }

    private static Verb verbOf(byte a, byte b, byte c, byte d) {
        int key = (upper(a) << 24) | (upper(b) << 16) | (upper(c) << 8) | upper(d);
        for (Verb verb : Verb.ALL) {
            if (verb.key == key) {
                return verb;
            }
        }
        return null;
    }

    private static int upper(byte b) {
        return b >= 'a' && b <= 'z' ? b - 32 : b & 0xff;
    }
}
