package io.spoolgate.launcher;

import org.apache.james.queue.api.MailQueue;
import org.apache.james.queue.api.MailQueueFactory;
import org.apache.james.queue.api.ManageableMailQueue;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Scopes;
import com.google.inject.Singleton;

import io.spoolgate.queue.JournalMailQueueFactory;
import io.spoolgate.queue.QueueSettings;

/**
 * Replaces the memory app's volatile mail queue with Spoolgate's durable journal queue
 * ({@link io.spoolgate.queue.JournalMailQueue}): every mail is on disk, fsync'd with group commit, before the SMTP
 * server answers 250.
 */
public class JournalMailQueueModule extends AbstractModule {

    private final QueueSettings settings;

    public JournalMailQueueModule(QueueSettings settings) {
        this.settings = settings;
    }

    @Override
    protected void configure() {
        bind(QueueSettings.class).toInstance(settings);
        bind(JournalMailQueueFactory.class).in(Scopes.SINGLETON);
    }

    @Provides
    @Singleton
    MailQueueFactory<? extends ManageableMailQueue> manageableQueues(JournalMailQueueFactory factory) {
        return factory;
    }

    @Provides
    @Singleton
    MailQueueFactory<?> queues(JournalMailQueueFactory factory) {
        return factory;
    }

    @Provides
    @Singleton
    MailQueueFactory<? extends MailQueue> queuesGeneric(JournalMailQueueFactory factory) {
        return factory;
    }
}
