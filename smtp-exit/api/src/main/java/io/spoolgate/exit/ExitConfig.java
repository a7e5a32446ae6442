package io.spoolgate.exit;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What an exit gets at its {@code init} call: its name and the parameters the administrator configured.
 *
 * @param name       the exit's name in the chain
 * @param parameters the configured parameters (name to value)
 */
public record ExitConfig(String name, Map<String, String> parameters) {

    /** Copies the parameters and checks for nulls. */
    public ExitConfig {
        Objects.requireNonNull(name, "name");
        parameters = Map.copyOf(parameters);
    }

    /**
     * @param key the parameter name
     * @return the parameter value, if configured
     */
    public Optional<String> parameter(String key) {
        return Optional.ofNullable(parameters.get(key));
    }

    /**
     * @param key          the parameter name
     * @param defaultValue the value when absent
     * @return the parameter as an integer
     * @throws IllegalArgumentException naming the parameter if it is not an integer
     */
    public long longParameter(String key, long defaultValue) {
        String value = parameters.get(key);
        if (value == null || value.isBlank()) {
            return defaultValue;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("exit " + name + ": parameter " + key + " must be an integer, got '"
                + value + "'", e);
        }
    }

    /**
     * @param key          the parameter name
     * @param defaultValue the value when absent
     * @return the parameter as a boolean ({@code true}/{@code false}, {@code yes}/{@code no})
     * @throws IllegalArgumentException naming the parameter if it is not a boolean
     */
    public boolean booleanParameter(String key, boolean defaultValue) {
        String value = parameters.get(key);
        if (value == null || value.isBlank()) {
            return defaultValue;
        }
        switch (value.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "true": case "yes": case "on":
                return true;
            case "false": case "no": case "off":
                return false;
            default:
                throw new IllegalArgumentException("exit " + name + ": parameter " + key
                    + " must be true or false, got '" + value + "'");
        }
    }
}
