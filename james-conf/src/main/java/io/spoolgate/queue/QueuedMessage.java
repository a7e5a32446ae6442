package io.spoolgate.queue;

import javax.mail.MessagingException;

import org.apache.james.server.core.MimeMessageSource;
import org.apache.james.server.core.MimeMessageWrapper;

/**
 * The message of a mail taken from the journal queue: James's own {@link MimeMessageWrapper} over the stored bytes,
 * except that removing a header the message does not have leaves it unchanged.
 *
 * <p>James 3.8.1 insists on {@code RemoveMimeHeader} for {@code Bcc} with matcher {@code All} in the transport
 * processor, and that mailet calls {@code removeHeader} on every message. James's wrapper counts any such call as a
 * change, and a changed message has its header block parsed again each time its size or its bytes are asked for
 * (the reader punch asks for both). Mail without a {@code Bcc} therefore stays as received here.
 */
final class QueuedMessage extends MimeMessageWrapper {

    /** @param source the stored message */
    QueuedMessage(MimeMessageSource source) {
        super(source);
    }

    @Override
    public void removeHeader(String name) throws MessagingException {
        if (getHeader(name) == null) {
            return; // nothing to remove: the message is what was received
        }
        super.removeHeader(name);
    }
}
