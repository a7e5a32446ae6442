package io.spoolgate.it.ops;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import io.spoolgate.it.support.Projects;

/**
 * A fresh stock Apache James 3.8.1 memory installation assembled from the Maven jars: the jars of
 * {@code james-conf/target/lib} without Spoolgate's (and without the ActiveMQ queue the stock memory app lacks) are
 * linked into {@code DIR/james-server-memory-app.lib/}, as in James's own distribution, and {@code DIR/conf} gets a
 * configuration shaped like the stock sample: mail for local users goes to mailboxes through {@code LocalDelivery},
 * webadmin with JWT, no Spoolgate line anywhere. Servers bind to 127.0.0.1 only.
 */
final class StockJames {

    static final String LIB = "james-server-memory-app.lib";

    private final Path dir;

    private StockJames(Path dir) {
        this.dir = dir;
    }

    /** Lays out a stock installation in {@code dir} with SMTP on {@code smtpPort}. */
    static StockJames create(Path dir, int smtpPort, String jwtPublicKeyPem) throws IOException {
        Path built = Projects.root().resolve("james-conf/target/lib");
        if (!Files.isDirectory(built)) {
            throw new IllegalStateException("James jars not found at " + built + " (build james-conf first)");
        }
        Path lib = dir.resolve(LIB);
        Files.createDirectories(lib);
        try (Stream<Path> jars = Files.list(built)) {
            for (Path jar : jars.toList()) {
                String name = jar.getFileName().toString();
                if (name.endsWith(".jar") && !name.startsWith("spoolgate-") && !name.startsWith("activemq-")
                    && !name.startsWith("james-server-queue-activemq")) {
                    Files.createSymbolicLink(lib.resolve(name), jar.toAbsolutePath());
                }
            }
        }
        Path conf = dir.resolve("conf");
        Files.createDirectories(conf);
        write(conf.resolve("smtpserver.xml"), SMTPSERVER.replace("@PORT@", Integer.toString(smtpPort)));
        write(conf.resolve("mailetcontainer.xml"), MAILETCONTAINER);
        write(conf.resolve("mailrepositorystore.xml"), MAILREPOSITORYSTORE);
        write(conf.resolve("domainlist.xml"), DOMAINLIST);
        write(conf.resolve("webadmin.properties"), WEBADMIN);
        write(conf.resolve("jwt_publickey"), jwtPublicKeyPem);
        write(conf.resolve("jmap.properties"), "enabled=false\n");
        write(conf.resolve("dnsservice.xml"), DNSSERVICE);
        write(conf.resolve("usersrepository.xml"), USERSREPOSITORY);
        write(conf.resolve("logback.xml"), LOGBACK);
        return new StockJames(dir);
    }

    Path dir() {
        return dir;
    }

    Path conf(String file) {
        return dir.resolve("conf").resolve(file);
    }

    /** Replaces one exact piece of text in a configuration file, as an administrator's edit; fails when absent. */
    void edit(String file, String from, String to) throws IOException {
        String text = Files.readString(conf(file), StandardCharsets.UTF_8);
        if (!text.contains(from)) {
            throw new IllegalStateException(file + " does not contain '" + from + "'");
        }
        write(conf(file), text.replace(from, to));
    }

    private static void write(Path file, String text) throws IOException {
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }

    private static final String SMTPSERVER = """
        <?xml version="1.0"?>
        <smtpservers>
            <smtpserver enabled="true">
                <jmxName>smtpserver-global</jmxName>
                <bind>127.0.0.1:@PORT@</bind>
                <connectionBacklog>200</connectionBacklog>
                <tls socketTLS="false" startTLS="false"/>
                <connectiontimeout>360</connectiontimeout>
                <connectionLimit>0</connectionLimit>
                <connectionLimitPerIP>0</connectionLimitPerIP>
                <auth>
                    <announce>never</announce>
                </auth>
                <authorizedAddresses>127.0.0.0/8</authorizedAddresses>
                <verifyIdentity>false</verifyIdentity>
                <maxmessagesize>0</maxmessagesize>
                <addressBracketsEnforcement>true</addressBracketsEnforcement>
                <smtpGreeting>Apache JAMES awesome SMTP Server</smtpGreeting>
                <handlerchain>
                    <handler class="org.apache.james.smtpserver.CoreCmdHandlerLoader"/>
                </handlerchain>
                <gracefulShutdown>false</gracefulShutdown>
            </smtpserver>
        </smtpservers>
        """;

    private static final String MAILETCONTAINER = """
        <?xml version="1.0"?>
        <mailetcontainer enableJmx="false">
            <context>
                <postmaster>postmaster@localhost</postmaster>
            </context>
            <spooler>
                <threads>20</threads>
                <errorRepository>memory://var/mail/error/</errorRepository>
            </spooler>
            <processors>
                <processor state="root" enableJmx="false">
                    <mailet match="All" class="PostmasterAlias"/>
                    <mailet match="RelayLimit=30" class="Null"/>
                    <mailet match="All" class="ToProcessor">
                        <processor>transport</processor>
                    </mailet>
                </processor>
                <processor state="error" enableJmx="false">
                    <mailet match="All" class="MetricsMailet">
                        <metricName>mailetContainerErrors</metricName>
                    </mailet>
                    <mailet match="All" class="Bounce">
                        <onMailetException>ignore</onMailetException>
                    </mailet>
                    <mailet match="All" class="ToRepository">
                        <repositoryPath>memory://var/mail/error/</repositoryPath>
                        <onMailetException>propagate</onMailetException>
                    </mailet>
                </processor>
                <processor state="transport" enableJmx="false">
                    <matcher name="relay-allowed" match="org.apache.james.mailetcontainer.impl.matchers.Or">
                        <matcher match="SMTPAuthSuccessful"/>
                        <matcher match="SMTPIsAuthNetwork"/>
                        <matcher match="SentByMailet"/>
                    </matcher>
                    <mailet match="All" class="RemoveMimeHeader">
                        <name>bcc</name>
                        <onMailetException>ignore</onMailetException>
                    </mailet>
                    <mailet match="All" class="RecipientRewriteTable">
                        <errorProcessor>rrt-error</errorProcessor>
                    </mailet>
                    <mailet match="RecipientIsLocal" class="LocalDelivery"/>
                    <mailet match="HostIsLocal" class="ToProcessor">
                        <processor>local-address-error</processor>
                        <notice>550 - Requested action not taken: no such user here</notice>
                    </mailet>
                    <mailet match="relay-allowed" class="ToProcessor">
                        <processor>relay</processor>
                    </mailet>
                    <mailet match="All" class="ToProcessor">
                        <processor>relay-denied</processor>
                    </mailet>
                </processor>
                <processor state="relay" enableJmx="false">
                    <mailet match="All" class="RemoteDelivery">
                        <outgoing>outgoing</outgoing>
                        <delayTime>5000, 100000, 500000</delayTime>
                        <maxRetries>3</maxRetries>
                        <maxDnsProblemRetries>0</maxDnsProblemRetries>
                        <deliveryThreads>10</deliveryThreads>
                        <sendpartial>true</sendpartial>
                        <bounceProcessor>bounces</bounceProcessor>
                    </mailet>
                </processor>
                <processor state="local-address-error" enableJmx="false">
                    <mailet match="All" class="Bounce">
                        <attachment>none</attachment>
                    </mailet>
                    <mailet match="All" class="ToRepository">
                        <repositoryPath>memory://var/mail/address-error/</repositoryPath>
                    </mailet>
                </processor>
                <processor state="relay-denied" enableJmx="false">
                    <mailet match="All" class="Bounce">
                        <attachment>none</attachment>
                    </mailet>
                    <mailet match="All" class="ToRepository">
                        <repositoryPath>memory://var/mail/relay-denied/</repositoryPath>
                        <notice>Warning: You are sending an e-mail to a remote server. You must be authenticated to perform such an operation</notice>
                    </mailet>
                </processor>
                <processor state="bounces" enableJmx="false">
                    <mailet match="All" class="DSNBounce">
                        <passThrough>false</passThrough>
                    </mailet>
                </processor>
                <processor state="rrt-error" enableJmx="false">
                    <mailet match="All" class="ToRepository">
                        <repositoryPath>memory://var/mail/rrt-error/</repositoryPath>
                        <passThrough>true</passThrough>
                    </mailet>
                    <mailet match="IsSenderInRRTLoop" class="Null"/>
                    <mailet match="All" class="Bounce"/>
                </processor>
            </processors>
        </mailetcontainer>
        """;

    private static final String MAILREPOSITORYSTORE = """
        <?xml version="1.0"?>
        <mailrepositorystore>
            <defaultProtocol>memory</defaultProtocol>
            <mailrepositories>
                <mailrepository class="org.apache.james.mailrepository.memory.MemoryMailRepository">
                    <protocols>
                        <protocol>memory</protocol>
                    </protocols>
                </mailrepository>
            </mailrepositories>
        </mailrepositorystore>
        """;

    private static final String DOMAINLIST = """
        <?xml version="1.0"?>
        <domainlist>
            <autodetect>false</autodetect>
            <autodetectIP>false</autodetectIP>
            <defaultDomain>localhost</defaultDomain>
        </domainlist>
        """;

    private static final String WEBADMIN = """
        enabled=true
        port=0
        host=127.0.0.1
        cors.enable=false
        https.enabled=false
        jwt.enabled=true
        jwt.publickeypem.url=file://conf/jwt_publickey
        """;

    private static final String DNSSERVICE = """
        <?xml version="1.0"?>
        <dnsservice>
            <autodiscover>true</autodiscover>
            <authoritative>false</authoritative>
            <maxcachesize>50000</maxcachesize>
        </dnsservice>
        """;

    private static final String USERSREPOSITORY = """
        <?xml version="1.0"?>
        <usersrepository name="LocalUsers">
            <algorithm>PBKDF2-SHA512</algorithm>
            <enableVirtualHosting>true</enableVirtualHosting>
        </usersrepository>
        """;

    private static final String LOGBACK = """
        <?xml version="1.0" encoding="UTF-8"?>
        <configuration>
            <appender name="CONSOLE" class="ch.qos.logback.core.ConsoleAppender">
                <encoder><pattern>%d{HH:mm:ss.SSS} %-5level %logger{36} - %msg%n</pattern></encoder>
            </appender>
            <root level="WARN"><appender-ref ref="CONSOLE"/></root>
            <logger name="org.apache.james" level="INFO"/>
            <logger name="io.spoolgate" level="INFO"/>
        </configuration>
        """;
}
