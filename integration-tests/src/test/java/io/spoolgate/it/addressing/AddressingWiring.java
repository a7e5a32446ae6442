package io.spoolgate.it.addressing;

import java.io.IOException;

import io.spoolgate.it.support.SpoolgateHome;

/**
 * The addressing configuration exactly as it is to be shipped in {@code james-conf/src/main/conf} (the same text is in
 * mailets/ADDRESSING.md), applied to a test copy of the shipped configuration.
 */
final class AddressingWiring {

    /** The core handler line; the addressing handlers go just before it (after any other Spoolgate handlers). */
    static final String SHIPPED_CORE_HANDLER =
        "            <handler class=\"org.apache.james.smtpserver.CoreCmdHandlerLoader\"/>";

    static final String HANDLERS = """
                    <!-- host access list at connect (direct clients) and at HELO/MAIL (real client behind a proxy) -->
                    <handler class="io.spoolgate.mailets.smtp.HostAccessConnectHandler">
                        <accessFile>file://conf/hostaccess</accessFile>
                    </handler>
                    <handler class="io.spoolgate.mailets.smtp.HostAccessHook">
                        <accessFile>file://conf/hostaccess</accessFile>
                    </handler>
                    <!-- AUTH PLAIN/LOGIN only after STARTTLS -->
                    <handler class="io.spoolgate.mailets.smtp.TlsRequiredAuthHook"/>
                    <!-- routed local parts and (where configured) unknown VM users refused at RCPT -->
                    <handler class="io.spoolgate.mailets.mapuser.MapUserRcptHook">
                        <configuration>file://conf/mapuser.properties</configuration>
                    </handler>
                    <handler class="org.apache.james.smtpserver.CoreCmdHandlerLoader"/>""";

    static final String SHIPPED_ANNOUNCE = "<announce>never</announce>";
    static final String ANNOUNCE = "<announce>forUnauthorizedAddresses</announce>";

    static final String SHIPPED_LOCAL_DELIVERY = """
            <processor state="local-delivery" enableJmx="false">
    """;

    static final String LOCAL_DELIVERY = """
            <processor state="local-delivery" enableJmx="false">
                <mailet match="All" class="io.spoolgate.mailets.mapuser.MapUser">
                    <configuration>file://conf/mapuser.properties</configuration>
                    <onMailetException>spool-retry</onMailetException>
                </mailet>
    """;

    static final String SHIPPED_RELAY = """
            <processor state="relay" enableJmx="false">
    """;

    static final String RELAY = """
            <processor state="relay" enableJmx="false">
                <mailet match="All" class="io.spoolgate.mailets.masquerade.Masquerade">
                    <qualifyDomain>vm.example</qualifyDomain>
                    <domains>vm.example</domains>
                    <exceptions>postmaster, root, mailer-daemon</exceptions>
                    <rewrite>envelope-sender, from, sender, reply-to, to, cc, return-path, message-id</rewrite>
                    <localNodes>VMNODE</localNodes>
                </mailet>
    """;

    static final String SHIPPED_OUTGOING = "<outgoing>outgoing</outgoing>";
    static final String OUTGOING = "<outgoing>outgoing</outgoing>\n                <heloName>vm.example</heloName>";

    /** The Spoolgate route list in webadmin.properties; the mapuser route joins it. */
    static final String SHIPPED_WEBADMIN = "extensions.routes=";
    static final String WEBADMIN = "extensions.routes=io.spoolgate.mailets.webadmin.MapUserRoutes,";

    private AddressingWiring() {
    }

    static void apply(SpoolgateHome home) throws IOException {
        home.replace("smtpserver.xml", SHIPPED_CORE_HANDLER, HANDLERS.stripIndent().indent(12).stripTrailing());
        home.replace("smtpserver.xml", SHIPPED_ANNOUNCE, ANNOUNCE);
        home.replace("mailetcontainer.xml", SHIPPED_LOCAL_DELIVERY, LOCAL_DELIVERY);
        home.replace("mailetcontainer.xml", SHIPPED_RELAY, RELAY);
        home.replace("mailetcontainer.xml", SHIPPED_OUTGOING, OUTGOING);
        home.replace("webadmin.properties", SHIPPED_WEBADMIN, WEBADMIN);
    }
}
