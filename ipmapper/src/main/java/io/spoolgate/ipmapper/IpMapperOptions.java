package io.spoolgate.ipmapper;

import io.spoolgate.ipmapper.config.ConfigFiles;
import io.spoolgate.ipmapper.proxy.IpMapperSettings;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Command-line options of {@link IpMapperMain}.
 *
 * @param files          configuration files
 * @param settings       run-time settings
 * @param watchInterval  how often the files are checked for changes (zero = never)
 * @param pidFile        file to write the process id to, if any
 * @param checkOnly      validate the files and exit
 */
public record IpMapperOptions(ConfigFiles files, IpMapperSettings settings, Duration watchInterval, Optional<Path> pidFile,
                              boolean checkOnly) {

    /** Usage text printed on a command-line error. */
    public static final String USAGE = String.join("\n",
        "usage: ipmapper --mapping FILE [options]",
        "  --mapping FILE          PORT MAPPING file: static mappings and FREE transient ports (required)",
        "  --ipauth FILE           IPAUTH file: addresses/CIDRs allowed on the control and transient ports",
        "                          (default: loopback and the static mappings' target addresses)",
        "  --acl FILE              inbound client ACL: 'allow|deny CIDR' lines, first match wins (default: allow all)",
        "  --bind ADDRESS          listen address of the static mappings (default 0.0.0.0)",
        "  --transient-bind ADDR   listen address of the transient ports (default 127.0.0.1)",
        "  --control HOST:PORT     control port (default 127.0.0.1:49999)",
        "  --outbound-bind ADDR    source address for outbound transient connections (default: OS choice)",
        "  --idle-timeout SECONDS  close proxied connections idle this long (default 600)",
        "  --transient-idle SECS   reclaim transient mappings nobody connected to (default 60)",
        "  --connect-timeout SECS  target connect timeout (default 10)",
        "  --max-connections N     concurrent proxied connections (default 20000)",
        "  --io-threads N          event-loop threads (default 0 = twice the cores)",
        "  --relay splice|copy     splice(2) in the kernel (epoll only) or copy through buffers (default splice)",
        "  --watch SECONDS         reload when a file changes, checked this often; 0 = off (default 5)",
        "  --pid-file FILE         write the process id here (removed on exit)",
        "  --check                 validate the files and exit");

    /**
     * @param args command-line arguments
     * @return the options
     * @throws IllegalArgumentException with a message naming the bad option
     */
    public static IpMapperOptions parse(String[] args) {
        Path mapping = null;
        Optional<Path> ipauth = Optional.empty();
        Optional<Path> acl = Optional.empty();
        Optional<Path> pidFile = Optional.empty();
        Duration watch = Duration.ofSeconds(5);
        boolean check = false;
        IpMapperSettings.Builder settings = IpMapperSettings.builder();
        for (int i = 0; i < args.length; i++) {
            String option = args[i];
            if (option.equals("--check")) {
                check = true;
                continue;
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("option " + option + " needs a value");
            }
            String value = args[++i];
            switch (option) {
                case "--mapping" -> mapping = Path.of(value);
                case "--ipauth" -> ipauth = Optional.of(Path.of(value));
                case "--acl" -> acl = Optional.of(Path.of(value));
                case "--bind" -> settings.bindAddress(value);
                case "--transient-bind" -> settings.transientBindAddress(value);
                case "--control" -> {
                    int colon = value.lastIndexOf(':');
                    if (colon <= 0) {
                        throw new IllegalArgumentException("--control expects HOST:PORT, got '" + value + "'");
                    }
                    String host = value.substring(0, colon);
                    if (host.startsWith("[") && host.endsWith("]")) {
                        host = host.substring(1, host.length() - 1);
                    }
                    settings.controlAddress(host).controlPort(number(option, value.substring(colon + 1), 0, 65535));
                }
                case "--outbound-bind" -> settings.outboundBindAddress(value);
                case "--idle-timeout" -> settings.idleTimeout(Duration.ofSeconds(number(option, value, 1, 86_400)));
                case "--transient-idle" -> settings.transientIdle(Duration.ofSeconds(number(option, value, 1, 86_400)));
                case "--connect-timeout" -> settings.connectTimeout(Duration.ofSeconds(number(option, value, 1, 600)));
                case "--max-connections" -> settings.maxConnections(number(option, value, 1, 1_000_000));
                case "--io-threads" -> settings.ioThreads(number(option, value, 0, 1024));
                case "--relay" -> settings.relay(switch (value) {
                    case "splice" -> IpMapperSettings.Relay.SPLICE;
                    case "copy" -> IpMapperSettings.Relay.COPY;
                    default -> throw new IllegalArgumentException("--relay expects splice or copy, got '" + value + "'");
                });
                case "--watch" -> watch = Duration.ofSeconds(number(option, value, 0, 86_400));
                case "--pid-file" -> pidFile = Optional.of(Path.of(value));
                default -> throw new IllegalArgumentException("unknown option " + option);
            }
        }
        if (mapping == null) {
            throw new IllegalArgumentException("--mapping FILE is required");
        }
        return new IpMapperOptions(new ConfigFiles(mapping, ipauth, acl), settings.build(), watch, pidFile, check);
    }

    private static int number(String option, String value, int min, int max) {
        try {
            int number = Integer.parseInt(value);
            if (number < min || number > max) {
                throw new NumberFormatException();
            }
            return number;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " expects a number in " + min + "-" + max + ", got '" + value + "'");
        }
    }
}
