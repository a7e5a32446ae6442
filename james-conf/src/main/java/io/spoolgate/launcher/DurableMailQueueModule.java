package io.spoolgate.launcher;

import java.io.FileNotFoundException;

import javax.jms.ConnectionFactory;

import org.apache.activemq.store.PersistenceAdapter;
import org.apache.activemq.store.kahadb.KahaDBPersistenceAdapter;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.james.core.healthcheck.HealthCheck;
import org.apache.james.queue.activemq.ActiveMQConfiguration;
import org.apache.james.queue.activemq.ActiveMQHealthCheck;
import org.apache.james.queue.activemq.ActiveMQMailQueueFactory;
import org.apache.james.queue.activemq.EmbeddedActiveMQ;
import org.apache.james.queue.activemq.metric.ActiveMQMetricCollector;
import org.apache.james.queue.activemq.metric.ActiveMQMetricCollectorImpl;
import org.apache.james.queue.api.MailQueue;
import org.apache.james.queue.api.MailQueueFactory;
import org.apache.james.queue.api.ManageableMailQueue;
import org.apache.james.utils.InitializationOperation;
import org.apache.james.utils.InitilizationOperationBuilder;
import org.apache.james.utils.PropertiesProvider;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Scopes;
import com.google.inject.Singleton;
import com.google.inject.multibindings.Multibinder;
import com.google.inject.multibindings.ProvidesIntoSet;

/**
 * Replaces the memory app's volatile mail queue with James's own ActiveMQ mail queue: an embedded broker whose
 * KahaDB journal and blob files live under the working directory ({@code var/store/activemq}), so that a mail
 * accepted with 250 survives {@code kill -9} and is delivered after a restart.
 *
 * <p>{@code org.apache.james:queue-activemq-guice} is not published for 3.8.1, so the bindings are declared here,
 * against the published {@code james-server-queue-activemq} classes. Optional {@code conf/activemq.properties}
 * (James's keys, e.g. {@code metrics.enabled}) is honoured.</p>
 */
public class DurableMailQueueModule extends AbstractModule {

    @Override
    protected void configure() {
        bind(PersistenceAdapter.class).to(KahaDBPersistenceAdapter.class);
        bind(KahaDBPersistenceAdapter.class).in(Scopes.SINGLETON);
        bind(EmbeddedActiveMQ.class).in(Scopes.SINGLETON);
        bind(ActiveMQMailQueueFactory.class).in(Scopes.SINGLETON);
        bind(ActiveMQMetricCollector.class).to(ActiveMQMetricCollectorImpl.class);
        bind(ActiveMQMetricCollectorImpl.class).in(Scopes.SINGLETON);
        Multibinder.newSetBinder(binder(), HealthCheck.class).addBinding().to(ActiveMQHealthCheck.class);
    }

    @Provides
    @Singleton
    ConnectionFactory connectionFactory(EmbeddedActiveMQ broker) {
        return broker.getConnectionFactory();
    }

    @Provides
    @Singleton
    MailQueueFactory<? extends ManageableMailQueue> manageableQueues(ActiveMQMailQueueFactory factory) {
        factory.setUseJMX(true);
        factory.init();
        return factory;
    }

    @Provides
    @Singleton
    MailQueueFactory<?> queues(MailQueueFactory<? extends ManageableMailQueue> factory) {
        return factory;
    }

    @Provides
    @Singleton
    MailQueueFactory<? extends MailQueue> queuesGeneric(MailQueueFactory<? extends ManageableMailQueue> factory) {
        return factory;
    }

    @Provides
    @Singleton
    ActiveMQConfiguration configuration(PropertiesProvider properties) throws ConfigurationException {
        try {
            return ActiveMQConfiguration.from(properties.getConfigurations("activemq"));
        } catch (FileNotFoundException e) {
            return ActiveMQConfiguration.getDefault();
        }
    }

    @ProvidesIntoSet
    InitializationOperation startMetricCollector(ActiveMQMetricCollector collector) {
        return InitilizationOperationBuilder.forClass(ActiveMQMetricCollector.class).init(collector::start);
    }
}
