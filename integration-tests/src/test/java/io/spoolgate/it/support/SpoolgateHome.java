package io.spoolgate.it.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * A James working directory laid out from the shipped {@code james-conf/src/main/conf} files (the very files the
 * launcher installs), with the few changes a test needs applied as plain text edits: SMTP on an ephemeral or given
 * loopback port, webadmin on a random port with a JWT key pair made for the test, shorter retry delays.
 */
public final class SpoolgateHome {

    private final Path dir;
    private final JwtKeys jwt;

    private SpoolgateHome(Path dir, JwtKeys jwt) {
        this.dir = dir;
        this.jwt = jwt;
    }

    /** Copies the shipped configuration into {@code dir/conf} and prepares it for a test server on loopback. */
    public static SpoolgateHome create(Path dir, int smtpPort) throws IOException {
        Path conf = dir.resolve("conf");
        Files.createDirectories(conf);
        try (Stream<Path> files = Files.list(Projects.shippedConf())) {
            for (Path f : files.toList()) {
                Files.copy(f, conf.resolve(f.getFileName()));
            }
        }
        keystore(conf.resolve("keystore.p12"));
        JwtKeys jwt = JwtKeys.generate();
        Files.writeString(conf.resolve("jwt_publickey"), jwt.publicKeyPem());
        SpoolgateHome home = new SpoolgateHome(dir, jwt);
        home.replace("smtpserver.xml", "<bind>127.0.0.1:2525</bind>", "<bind>127.0.0.1:" + smtpPort + "</bind>");
        home.replace("webadmin.properties", "port=8000", "port=0");
        home.replace("mailetcontainer.xml", "<delay>60s</delay>", "<delay>2s</delay>");
        return home;
    }

    /** The STARTTLS key the launcher makes on first start, with the shipped placeholder secret. */
    private static void keystore(Path file) throws IOException {
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Process p = new ProcessBuilder(keytool.toString(), "-genkeypair", "-alias", "james", "-keyalg", "RSA", "-keysize",
            "2048", "-validity", "3", "-dname", "CN=vm.example", "-keystore", file.toString(), "-storetype", "PKCS12",
            "-storepass", "spoolgate-keystore-secret", "-keypass", "spoolgate-keystore-secret")
            .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        try {
            if (p.waitFor() != 0) {
                throw new IOException("keytool failed: " + out);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    /** Replaces one exact piece of text in a configuration file; fails when the text is not there. */
    public SpoolgateHome replace(String file, String from, String to) throws IOException {
        Path p = dir.resolve("conf").resolve(file);
        String text = Files.readString(p, StandardCharsets.UTF_8);
        if (!text.contains(from)) {
            throw new IllegalStateException(file + " does not contain '" + from + "'");
        }
        Files.writeString(p, text.replace(from, to), StandardCharsets.UTF_8);
        return this;
    }

    public Path dir() {
        return dir;
    }

    public Path spoolRoot() {
        return dir.resolve("spool");
    }

    public JwtKeys jwt() {
        return jwt;
    }
}
