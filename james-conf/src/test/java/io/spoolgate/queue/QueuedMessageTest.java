package io.spoolgate.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import org.apache.james.server.core.MimeMessageInputStreamSource;
import org.junit.jupiter.api.Test;

class QueuedMessageTest {

    private static final String RECEIVED = "Received: from client.example\r\n\tby vm.example\r\nFrom: a@example.org\r\n"
        + "To: user1@vm.example\r\nSubject: hello\r\n\r\nbody\r\n";

    private static QueuedMessage message(String text) throws Exception {
        return new QueuedMessage(MimeMessageInputStreamSource.create("m",
            new ByteArrayInputStream(text.getBytes(StandardCharsets.US_ASCII))));
    }

    private static String bytes(QueuedMessage message) throws Exception {
        try (InputStream in = message.getMessageInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        }
    }

    @Test
    void removingAHeaderThatIsNotThereLeavesTheMessageAsReceived() throws Exception {
        QueuedMessage message = message(RECEIVED);
        message.removeHeader("bcc");
        assertThat(message.isModified()).isFalse();
        assertThat(message.getMessageSize()).isEqualTo(RECEIVED.length());
        assertThat(bytes(message)).isEqualTo(RECEIVED);
    }

    @Test
    void aHeaderThatIsThereIsRemoved() throws Exception {
        QueuedMessage message = message(RECEIVED.replace("Subject:", "BCC: hidden@example.org,\r\n secret@example.org\r\nSubject:"));
        message.removeHeader("bcc");
        assertThat(message.isModified()).isTrue();
        message.saveChanges();
        assertThat(bytes(message)).doesNotContainIgnoringCase("bcc").doesNotContain("hidden").doesNotContain("secret")
            .contains("Subject: hello\r\n\r\nbody\r\n");
        assertThat(message.getMessageSize()).isEqualTo(bytes(message).length());
    }

    @Test
    void otherChangesAreChangesAsBefore() throws Exception {
        QueuedMessage message = message(RECEIVED);
        message.setHeader("X-Added", "yes");
        assertThat(message.isModified()).isTrue();
        assertThat(message.getHeader("X-Added")).containsExactly("yes");
    }
}
