package io.spoolgate.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;

import org.apache.james.metrics.api.NoopGaugeRegistry;
import org.apache.james.queue.api.MailQueueName;
import org.apache.james.queue.api.Mails;
import org.apache.james.queue.api.RawMailQueueItemDecoratorFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalMailQueueFactoryTest {

    @TempDir
    Path workingDirectory;

    private JournalMailQueueFactory factory() {
        return new JournalMailQueueFactory(QueueSettings.from(new Properties(), workingDirectory),
            new RawMailQueueItemDecoratorFactory(), new NoopGaugeRegistry());
    }

    @Test
    void aQueueStaysOpenUntilItsLastUserClosesItAndReopensWithItsMail() throws Exception {
        JournalMailQueueFactory factory = factory();
        try {
            JournalMailQueue smtp = factory.createQueue(MailQueueName.of("spool"));
            JournalMailQueue spooler = factory.createQueue(MailQueueName.of("spool"));
            assertThat(spooler).isSameAs(smtp);
            assertThat(workingDirectory.resolve("var/store/queue/spool")).isDirectory();
            smtp.enQueue(Mails.defaultMail().name("m1").build());
            smtp.close();
            assertThat(spooler.getSize()).as("still open for the spooler").isEqualTo(1);
            spooler.enQueue(Mails.defaultMail().name("m2").build());
            spooler.close();
            assertThat(factory.getQueue(MailQueueName.of("spool"))).isEmpty();
            JournalMailQueue again = factory.createQueue(MailQueueName.of("spool"));
            assertThat(again.getSize()).isEqualTo(2);
            assertThat(factory.listCreatedMailQueues()).containsExactly(MailQueueName.of("spool"));
        } finally {
            factory.close();
        }
        JournalMailQueueFactory restarted = factory();
        try {
            JournalMailQueue queue = restarted.createQueue(MailQueueName.of("spool"));
            assertThat(reactor.core.publisher.Flux.from(queue.deQueue()).blockFirst(Duration.ofSeconds(10))
                .getMail().getName()).isEqualTo("m1");
        } finally {
            restarted.close();
        }
    }

    @Test
    void queueNamesBecomeSafeDirectoryNames() {
        assertThat(JournalMailQueueFactory.directoryName(MailQueueName.of("spool"))).isEqualTo("spool");
        assertThat(JournalMailQueueFactory.directoryName(MailQueueName.of("../x/y"))).isEqualTo("%2E.%2Fx%2Fy");
        assertThat(JournalMailQueueFactory.directoryName(MailQueueName.of("out-going_2.q"))).isEqualTo("out-going_2.q");
    }

    @Test
    void badSettingsAreRefusedClearly() {
        Properties properties = new Properties();
        properties.setProperty("queue.implementation", "kafka");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> QueueSettings.from(properties, workingDirectory))
            .hasMessageContaining("queue.implementation must be 'journal' or 'activemq'");
        Properties size = new Properties();
        size.setProperty("journal.segment.mb", "lots");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> QueueSettings.from(size, workingDirectory))
            .hasMessageContaining("journal.segment.mb must be a number");
    }
}
