package io.spoolgate.mailets.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Properties;

import javax.mail.MessagingException;
import javax.mail.Session;
import javax.mail.internet.MimeMessage;

import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMailetConfig;
import org.junit.jupiter.api.Test;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;

class DeliveryLogTest {

    @Test
    void writesOneReceivedLineAndLeavesTheMailAlone() throws Exception {
        Logger log = (Logger) org.slf4j.LoggerFactory.getLogger("spoolgate.delivery");
        ListAppender<ILoggingEvent> lines = new ListAppender<>();
        lines.start();
        log.addAppender(lines);
        try {
            DeliveryLog mailet = new DeliveryLog();
            mailet.init(FakeMailetConfig.builder().mailetName("log").build());
            FakeMail mail = FakeMail.builder().name("m1").sender("a@example.org")
                .recipients("user1@vm.example", "user2@vm.example").remoteAddr("192.0.2.7").remoteHost("client.example")
                .size(1234).state("root").build();
            mailet.service(mail);
            assertThat(lines.list).singleElement().extracting(ILoggingEvent::getFormattedMessage)
                .isEqualTo("m1 <= a@example.org H=client.example [192.0.2.7] S=1234 rcpts=2 R=user1@vm.example,user2@vm.example");
            assertThat(mail.getState()).isEqualTo("root");
        } finally {
            log.detachAppender(lines);
        }
    }

    @Test
    void namesTheMessageIdSoThatJamesOwnSpooledLineIsNotNeeded() throws Exception {
        Logger log = (Logger) org.slf4j.LoggerFactory.getLogger("spoolgate.delivery");
        ListAppender<ILoggingEvent> lines = new ListAppender<>();
        lines.start();
        log.addAppender(lines);
        try {
            DeliveryLog mailet = new DeliveryLog();
            mailet.init(FakeMailetConfig.builder().mailetName("log").setProperty("event", "quarantine")
                .setProperty("reason", "virus").build());
            MimeMessage withId = new MimeMessage(Session.getDefaultInstance(new Properties()));
            withId.setText("body");
            withId.saveChanges();
            withId.setHeader("Message-ID", "<run.7@load.test>");
            MimeMessage oddId = new MimeMessage(Session.getDefaultInstance(new Properties()));
            oddId.setText("body");
            oddId.saveChanges();
            oddId.setHeader("Message-ID", " <a b\u0001c@x> ");
            mailet.service(FakeMail.builder().name("m2").sender("a@example.org").recipients("user1@vm.example")
                .remoteAddr("192.0.2.7").remoteHost("client.example").size(99).mimeMessage(withId).build());
            mailet.service(FakeMail.builder().name("m3").sender("a@example.org").recipients("user1@vm.example")
                .remoteAddr("192.0.2.7").remoteHost("client.example").size(99).mimeMessage(oddId).build());
            assertThat(lines.list).extracting(ILoggingEvent::getFormattedMessage).containsExactly(
                "m2 quarantine a@example.org H=client.example [192.0.2.7] S=99 rcpts=1 R=user1@vm.example "
                    + "id=<run.7@load.test> reason=virus",
                "m3 quarantine a@example.org H=client.example [192.0.2.7] S=99 rcpts=1 R=user1@vm.example "
                    + "id=<a?b?c@x> reason=virus");
        } finally {
            log.detachAppender(lines);
        }
    }

    @Test
    void aQuarantineEventCarriesItsReasonAndABadEventIsRefused() throws Exception {
        DeliveryLog mailet = new DeliveryLog();
        assertThatThrownBy(() -> mailet.init(FakeMailetConfig.builder().mailetName("log")
            .setProperty("event", "two words").build())).isInstanceOf(MessagingException.class);
    }
}
