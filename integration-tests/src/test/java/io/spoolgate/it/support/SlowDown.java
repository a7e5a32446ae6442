package io.spoolgate.it.support;

import javax.mail.MessagingException;

import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMailet;

/**
 * Test-only mailet that holds each mail for {@code millis} (default 100) milliseconds, so that a test can kill the
 * server while accepted mail is still waiting for delivery.
 */
public class SlowDown extends GenericMailet {

    private long millis;

    @Override
    public void init() throws MessagingException {
        millis = Long.parseLong(getInitParameter("millis", "100"));
    }

    @Override
    public void service(Mail mail) throws MessagingException {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MessagingException("interrupted", e);
        }
    }
}
