package io.spoolgate.ipmapper.pickport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.spoolgate.ipmapper.proxy.IpMapperServer;
import io.spoolgate.ipmapper.support.ProxyFixture;
import io.spoolgate.ipmapper.support.SmtpSink;
import io.spoolgate.ipmapper.support.TestNet;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;

import javax.mail.Message;
import javax.mail.MessagingException;
import javax.mail.Session;
import javax.mail.Transport;
import javax.mail.internet.InternetAddress;
import javax.mail.internet.MimeMessage;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * JavaMail (the implementation James 3.8.1's RemoteDelivery uses), configured exactly as RemoteDelivery passes
 * {@code mail.*} parameters, delivers through a real proxy's transient port to a real SMTP sink. The proxy's
 * outbound connections leave from 127.0.0.5, so the sink proves the message went through the proxy.
 */
class PickportSocketFactoryTest {
    @TempDir
    Path dir;
    private SmtpSink sink;
    private IpMapperServer proxy;
    private int transientPort;

    @BeforeEach
    void start() throws Exception {
        sink = new SmtpSink();
        transientPort = TestNet.freePort();
        Path mapping = ProxyFixture.write(dir, "PORT.MAPPING", transientPort + " FREE\n");
        proxy = ProxyFixture.start(ProxyFixture.loopbackSettings().outboundBindAddress("127.0.0.5").build(), mapping, null, null);
        System.setProperty("spoolgate.pickport.control.host", "127.0.0.1");
        System.setProperty("spoolgate.pickport.control.port", Integer.toString(proxy.controlAddress().getPort()));
        System.setProperty("spoolgate.pickport.stack", "TCPIP");
    }

    @AfterEach
    void stop() throws IOException {
        proxy.close();
        sink.close();
        System.clearProperty("spoolgate.pickport.control.host");
        System.clearProperty("spoolgate.pickport.control.port");
        System.clearProperty("spoolgate.pickport.stack");
    }

    private Session remoteDeliveryLikeSession() {
        Properties props = new Properties();
        props.put("mail.smtp.host", "127.0.0.1");
        props.put("mail.smtp.port", Integer.toString(sink.port()));
        props.put("mail.smtp.timeout", "10000");
        props.put("mail.smtp.connectiontimeout", "10000");
        props.put("mail.smtp.socketFactory.class", PickportSocketFactory.class.getName());
        props.put("mail.smtp.socketFactory.fallback", "false");
        return Session.getInstance(props);
    }

    private MimeMessage message(Session session) throws MessagingException {
        MimeMessage message = new MimeMessage(session);
        message.setFrom(new InternetAddress("vmuser@vm.example"));
        message.setRecipient(Message.RecipientType.TO, new InternetAddress("someone@remote.example"));
        message.setSubject("via ipmapper");
        message.setText("delivered through a transient port\r\n");
        return message;
    }

    @Test
    void javaMailDeliversThroughATransientPort() throws Exception {
        Session session = remoteDeliveryLikeSession();
        Transport.send(message(session));
        assertThat(sink.messages()).hasSize(1);
        SmtpSink.Received received = sink.messages().get(0);
        assertThat(received.peerAddress()).isEqualTo("127.0.0.5");
        assertThat(received.recipients()).containsExactly("<someone@remote.example>");
        assertThat(received.data()).contains("delivered through a transient port");
        for (int i = 0; i < 200 && proxy.freeTransientPorts() == 0; i++) {
            Thread.sleep(50);
        }
        assertThat(proxy.transientMappings()).isEmpty();
        Transport.send(message(session));
        assertThat(sink.messages()).hasSize(2);
    }

    @Test
    void portShortageIsAnIoFailureSoRemoteDeliveryRetries() throws Exception {
        PickportClient holder = new PickportClient("127.0.0.1", proxy.controlAddress().getPort(), "TCPIP", Duration.ofSeconds(5));
        int held = holder.pick("127.0.0.1", sink.port());
        assertThat(held).isEqualTo(transientPort);
        assertThatThrownBy(() -> Transport.send(message(remoteDeliveryLikeSession())))
            .isInstanceOf(MessagingException.class)
            .satisfies(e -> {
                Exception next = ((MessagingException) e).getNextException();
                assertThat(next).isInstanceOf(IOException.class).isInstanceOf(PickportException.class);
                assertThat(((PickportException) next).code()).isEqualTo(421);
                assertThat(((PickportException) next).isTemporary()).isTrue();
            });
        assertThat(sink.messages()).isEmpty();
        holder.release(held);
        Transport.send(message(remoteDeliveryLikeSession()));
        assertThat(sink.messages()).hasSize(1);
    }

    @Test
    void proxyDownIsAnIoFailureToo() throws Exception {
        proxy.close();
        assertThatThrownBy(() -> Transport.send(message(remoteDeliveryLikeSession())))
            .isInstanceOf(MessagingException.class)
            .satisfies(e -> assertThat(((MessagingException) e).getNextException()).isInstanceOf(PickportException.class)
                .hasMessageContaining("cannot talk to ipmapper at 127.0.0.1:"));
    }

    @Test
    void clientListsAndReleases() throws Exception {
        PickportClient client = PickportSettings.fromSystemProperties().client();
        int port = client.pick("127.0.0.1", sink.port());
        List<String> list = client.list();
        assertThat(list).singleElement().asString().startsWith("TRANSIENT " + port + " 127.0.0.1 " + sink.port() + " TCPIP WAITING");
        client.release(port);
        assertThat(client.list()).isEmpty();
        assertThatThrownBy(() -> client.release(port)).isInstanceOf(PickportException.class)
            .satisfies(e -> assertThat(((PickportException) e).code()).isEqualTo(550));
    }

    @Test
    void settingsHaveDefaultsAndNameBadKeys() {
        PickportSettings defaults = PickportSettings.from(new Properties());
        assertThat(defaults).isEqualTo(new PickportSettings("127.0.0.1", 49999, "127.0.0.1", "TCPIP", Duration.ofSeconds(10)));
        Properties bad = new Properties();
        bad.setProperty("spoolgate.pickport.control.port", "99999");
        assertThatThrownBy(() -> PickportSettings.from(bad)).hasMessageContaining("spoolgate.pickport.control.port=99999");
    }
}
