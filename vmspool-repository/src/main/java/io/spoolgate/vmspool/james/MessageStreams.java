package io.spoolgate.vmspool.james;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import javax.mail.MessagingException;
import javax.mail.internet.MimeMessage;

import org.apache.james.server.core.MimeMessageWrapper;

/** The exact bytes of a James message as a stream, without holding a large message in memory. */
final class MessageStreams {

    private MessageStreams() {
    }

    static InputStream open(MimeMessage message) throws IOException {
        try {
            if (message instanceof MimeMessageWrapper wrapper) {
                return wrapper.getMessageInputStream();
            }
            // any other MimeMessage: spill to a temporary file that disappears when the stream is closed
            Path tmp = Files.createTempFile("spoolgate-msg-", ".eml");
            try (OutputStream out = Files.newOutputStream(tmp)) {
                message.writeTo(out);
            }
            return Files.newInputStream(tmp, StandardOpenOption.DELETE_ON_CLOSE);
        } catch (MessagingException e) {
            throw new IOException("cannot read the message: " + e.getMessage(), e);
        }
    }
}
