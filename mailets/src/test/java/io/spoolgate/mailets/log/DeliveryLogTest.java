package io.spoolgate.mailets.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Properties;

import javax.mail.MessagingException;
import javax.mail.Session;
import javax.mail.internet.MimeMessage;

import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMailetConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;

class DeliveryLogTest {

    private final Logger log = (Logger) org.slf4j.LoggerFactory.getLogger("spoolgate.delivery");
    private final ListAppender<ILoggingEvent> lines = new ListAppender<>();

    @BeforeEach
    void listen() {
        lines.start();
        log.addAppender(lines);
    }

    @AfterEach
    void stopListening() {
        log.detachAppender(lines);
    }

    @Test
    void writesOneReceivedLineAndLeavesTheMailAlone() throws Exception {
        DeliveryLog mailet = new DeliveryLog();
        mailet.init(FakeMailetConfig.builder().mailetName("log").build());
        FakeMail mail = FakeMail.builder().name("m1").sender("a@example.org")
            .recipients("user1@vm.example", "user2@vm.example").remoteAddr("192.0.2.7").remoteHost("client.example")
            .size(1234).state("root").build();
        mailet.service(mail);
        assertThat(lines.list).singleElement().extracting(ILoggingEvent::getFormattedMessage)
            .isEqualTo("m1 <= a@example.org H=client.example [192.0.2.7] S=1234 rcpts=2 R=user1@vm.example,user2@vm.example");
        assertThat(mail.getState()).isEqualTo("root");
    }

    @Test
    void namesTheMessageIdSoThatJamesOwnSpooledLineIsNotNeeded() throws Exception {
        DeliveryLog mailet = new DeliveryLog();
        mailet.init(FakeMailetConfig.builder().mailetName("log").setProperty("event", "quarantine")
            .setProperty("reason", "virus").build());
        MimeMessage withId = withMessageId("<run.7@load.test>");
        MimeMessage oddId = withMessageId(" <a b\u0001c@x> ");
        mailet.service(FakeMail.builder().name("m2").sender("a@example.org").recipients("user1@vm.example")
            .remoteAddr("192.0.2.7").remoteHost("client.example").size(99).mimeMessage(withId).build());
        mailet.service(FakeMail.builder().name("m3").sender("a@example.org").recipients("user1@vm.example")
            .remoteAddr("192.0.2.7").remoteHost("client.example").size(99).mimeMessage(oddId).build());
        assertThat(lines.list).extracting(ILoggingEvent::getFormattedMessage).containsExactly(
            "m2 quarantine a@example.org H=client.example [192.0.2.7] S=99 rcpts=1 R=user1@vm.example "
                + "id=<run.7@load.test> reason=virus",
            "m3 quarantine a@example.org H=client.example [192.0.2.7] S=99 rcpts=1 R=user1@vm.example "
                + "id=<a?b?c@x> reason=virus");
    }

    @Test
    void aQuarantineEventCarriesItsReasonAndABadEventIsRefused() throws Exception {
        DeliveryLog mailet = new DeliveryLog();
        assertThatThrownBy(() -> mailet.init(FakeMailetConfig.builder().mailetName("log")
            .setProperty("event", "two words").build())).isInstanceOf(MessagingException.class);
    }

    private static MimeMessage withMessageId(String id) throws MessagingException {
        MimeMessage message = new MimeMessage(Session.getDefaultInstance(new Properties()));
        message.setText("body");
        message.saveChanges();
        message.setHeader("Message-ID", id);
        return message;
    }
}
