package io.spoolgate.it.addressing;

import java.io.IOException;

import io.spoolgate.it.support.SpoolgateHome;

/**
 * The addressing configuration as shipped in {@code james-conf/src/main/conf} (the same text is in
 * mailets/ADDRESSING.md): the test checks that the shipped copy carries it.
 */
final class AddressingWiring {

    static final String ANNOUNCE = "<announce>forUnauthorizedAddresses</announce>";

    private AddressingWiring() {
    }

    /**
     * The shipped configuration now carries this wiring: check that every piece is there, so that the test runs on
     * exactly what is shipped.
     */
    static void apply(SpoolgateHome home) throws IOException {
        java.nio.file.Path conf = home.dir().resolve("conf");
        String smtp = java.nio.file.Files.readString(conf.resolve("smtpserver.xml"));
        String mailets = java.nio.file.Files.readString(conf.resolve("mailetcontainer.xml"));
        String webadmin = java.nio.file.Files.readString(conf.resolve("webadmin.properties"));
        for (String piece : java.util.List.of("io.spoolgate.mailets.smtp.HostAccessConnectHandler",
            "io.spoolgate.mailets.smtp.HostAccessHook", "io.spoolgate.mailets.smtp.TlsRequiredAuthHook",
            "io.spoolgate.mailets.mapuser.MapUserRcptHook", ANNOUNCE)) {
            require(smtp, piece, "smtpserver.xml");
        }
        for (String piece : java.util.List.of("io.spoolgate.mailets.mapuser.MapUser\"",
            "io.spoolgate.mailets.masquerade.Masquerade", "<heloName>vm.example</heloName>")) {
            require(mailets, piece, "mailetcontainer.xml");
        }
        require(webadmin, "io.spoolgate.mailets.webadmin.MapUserRoutes", "webadmin.properties");
    }

    private static void require(String text, String piece, String file) {
        if (!text.contains(piece)) {
            throw new IllegalStateException("the shipped " + file + " lacks " + piece);
        }
    }
}
