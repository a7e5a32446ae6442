package io.spoolgate.exit;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Per-connection state an exit may use freely (like z/VM's user words): one instance per connection and per exit,
 * dropped when the connection ends. Connections run concurrently; the calls of one connection come one after the
 * other, except that a call abandoned past its time budget may still be running when the connection's next call
 * starts (the abandoned call is interrupted). This class is thread-safe for that reason.
 */
public final class ExitState {
    private final Map<String, Object> values = new ConcurrentHashMap<>();

    /**
     * @param key  a name chosen by the exit
     * @param type the expected type
     * @param <T>  the value type
     * @return the value stored under {@code key}, if any and of that type
     */
    public <T> Optional<T> get(String key, Class<T> type) {
        Object value = values.get(key);
        return type.isInstance(value) ? Optional.of(type.cast(value)) : Optional.empty();
    }

    /**
     * Stores a value; {@code null} removes it.
     *
     * @param key   a name chosen by the exit
     * @param value the value
     */
    public void put(String key, Object value) {
        if (value == null) {
            values.remove(key);
        } else {
            values.put(key, value);
        }
    }

    /**
     * @param key     a name chosen by the exit
     * @param type    the expected type
     * @param factory makes the value when absent
     * @param <T>     the value type
     * @return the existing or newly made value
     */
    public <T> T computeIfAbsent(String key, Class<T> type, Function<String, T> factory) {
        return type.cast(values.computeIfAbsent(key, factory));
    }

    /** @param key the name to remove */
    public void remove(String key) {
        values.remove(key);
    }
}
