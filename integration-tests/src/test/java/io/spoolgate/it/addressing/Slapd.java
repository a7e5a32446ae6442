package io.spoolgate.it.addressing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real OpenLDAP {@code slapd} (Debian's), started by the test on 127.0.0.1 with a temporary {@code slapd.conf}, an
 * mdb database loaded with {@code slapadd}, and a small schema adding the {@code vmuserid} attribute.
 */
final class Slapd implements AutoCloseable {

    static final String SUFFIX = "dc=vm,dc=example";
    static final String ADMIN_DN = "cn=admin,dc=vm,dc=example";
    static final String ADMIN_PASSWORD = "it-secret";

    private final Process process;
    private final int port;

    private Slapd(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    static boolean available() {
        return Files.isExecutable(Path.of("/usr/sbin/slapd")) && Files.isExecutable(Path.of("/usr/sbin/slapadd"))
            && Files.isDirectory(Path.of("/etc/ldap/schema")) && Files.exists(Path.of("/usr/lib/ldap/back_mdb.so"));
    }

    /** Starts slapd with {@code ldif} (after the suffix entry) loaded. */
    static Slapd start(Path dir, String ldif) throws Exception {
        Files.createDirectories(dir.resolve("db"));
        Files.writeString(dir.resolve("vm.schema"), """
            attributetype ( 1.3.6.1.4.1.32473.1.1 NAME 'vmuserid' EQUALITY caseIgnoreMatch
                SYNTAX 1.3.6.1.4.1.1466.115.121.1.15{8} SINGLE-VALUE )
            objectclass ( 1.3.6.1.4.1.32473.2.1 NAME 'vmUser' SUP top AUXILIARY MAY vmuserid )
            """);
        Files.writeString(dir.resolve("slapd.conf"), String.join("\n",
            "include /etc/ldap/schema/core.schema",
            "include /etc/ldap/schema/cosine.schema",
            "include /etc/ldap/schema/inetorgperson.schema",
            "include " + dir.resolve("vm.schema"),
            "pidfile " + dir.resolve("slapd.pid"),
            "modulepath /usr/lib/ldap",
            "moduleload back_mdb",
            "database mdb",
            "maxsize 10485760",
            "suffix \"" + SUFFIX + "\"",
            "rootdn \"" + ADMIN_DN + "\"",
            "rootpw " + ADMIN_PASSWORD,
            "directory " + dir.resolve("db"),
            ""));
        Files.writeString(dir.resolve("data.ldif"), """
            dn: dc=vm,dc=example
            objectClass: top
            objectClass: dcObject
            objectClass: organization
            o: vm
            dc: vm

            """ + ldif, StandardCharsets.UTF_8);
        run(List.of("/usr/sbin/slapadd", "-f", dir.resolve("slapd.conf").toString(), "-l",
            dir.resolve("data.ldif").toString()), dir.resolve("slapadd.log"));
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Process p = new ProcessBuilder("/usr/sbin/slapd", "-f", dir.resolve("slapd.conf").toString(),
            "-h", "ldap://127.0.0.1:" + port + "/", "-d", "0")
            .redirectErrorStream(true).redirectOutput(dir.resolve("slapd.log").toFile()).start();
        Slapd slapd = new Slapd(p, port);
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (true) {
            try (Socket probe = new Socket()) {
                probe.connect(new InetSocketAddress("127.0.0.1", port), 500);
                return slapd;
            } catch (IOException e) {
                if (!p.isAlive() || System.nanoTime() > deadline) {
                    slapd.close();
                    throw new IllegalStateException("slapd did not start: " + Files.readString(dir.resolve("slapd.log")));
                }
                Thread.sleep(100);
            }
        }
    }

    private static void run(List<String> command, Path log) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IllegalStateException(command + " failed: " + Files.readString(log));
        }
    }

    int port() {
        return port;
    }

    String url() {
        return "ldap://127.0.0.1:" + port + "/";
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
