package io.spoolgate.ipmapper.pickport;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;

/**
 * Where {@link PickportSocketFactory} finds the proxy. Read from JVM system properties, which override the
 * properties file named by {@code spoolgate.pickport.config} (same keys):
 * <ul>
 * <li>{@code spoolgate.pickport.control.host} — control port address, default {@code 127.0.0.1}</li>
 * <li>{@code spoolgate.pickport.control.port} — control port, default {@code 49999}</li>
 * <li>{@code spoolgate.pickport.connect.host} — address of the transient ports, default the control host</li>
 * <li>{@code spoolgate.pickport.stack} — stack name sent with requests, default {@code TCPIP}</li>
 * <li>{@code spoolgate.pickport.timeout.ms} — control exchange timeout, default {@code 10000}</li>
 * </ul>
 *
 * @param controlHost control port address
 * @param controlPort control port
 * @param connectHost address the transient ports are reached at
 * @param stackName   stack name
 * @param timeout     control exchange timeout
 */
public record PickportSettings(String controlHost, int controlPort, String connectHost, String stackName, Duration timeout) {
    /** System property naming an optional properties file. */
    public static final String CONFIG_FILE_PROPERTY = "spoolgate.pickport.config";
    private static final String PREFIX = "spoolgate.pickport.";

    /**
     * @return settings from the system properties and the optional file
     * @throws IllegalArgumentException when the file cannot be read or a value is malformed (named in the message)
     */
    public static PickportSettings fromSystemProperties() {
        Properties merged = new Properties();
        String file = System.getProperty(CONFIG_FILE_PROPERTY);
        if (file != null && !file.isBlank()) {
            try (InputStream in = Files.newInputStream(Path.of(file))) {
                merged.load(in);
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read pickport settings " + file + ": " + e, e);
            }
        }
        for (String name : System.getProperties().stringPropertyNames()) {
            if (name.startsWith(PREFIX)) {
                merged.setProperty(name, System.getProperty(name));
            }
        }
        return from(merged);
    }

    /**
     * @param properties keys as listed above
     * @return the settings with defaults filled in
     * @throws IllegalArgumentException on a malformed number (the key is named)
     */
    public static PickportSettings from(Properties properties) {
        String controlHost = properties.getProperty(PREFIX + "control.host", "127.0.0.1").trim();
        int controlPort = number(properties, PREFIX + "control.port", 49999, 1, 65535);
        String connectHost = properties.getProperty(PREFIX + "connect.host", controlHost).trim();
        String stack = properties.getProperty(PREFIX + "stack", "TCPIP").trim();
        int timeout = number(properties, PREFIX + "timeout.ms", 10_000, 1, 600_000);
        return new PickportSettings(controlHost, controlPort, connectHost, stack, Duration.ofMillis(timeout));
    }

    /** @return a client for these settings */
    public PickportClient client() {
        return new PickportClient(controlHost, controlPort, stackName, timeout);
    }

    private static int number(Properties properties, String key, int fallback, int min, int max) {
        String text = properties.getProperty(key);
        if (text == null || text.isBlank()) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(text.trim());
            if (value < min || value > max) {
                throw new NumberFormatException("outside " + min + "-" + max);
            }
            return value;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + "=" + text + " is not a number in " + min + "-" + max, e);
        }
    }
}
