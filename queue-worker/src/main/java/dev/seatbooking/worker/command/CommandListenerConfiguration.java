package dev.seatbooking.worker.command;

import dev.seatbooking.common.messaging.MessagingProperties;
import org.springframework.amqp.core.AcknowledgeMode;
import org.springframework.amqp.rabbit.config.SimpleRabbitListenerContainerFactory;
import org.springframework.amqp.rabbit.config.SimpleRabbitListenerEndpoint;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.listener.SimpleMessageListenerContainer;
import org.springframework.boot.amqp.autoconfigure.SimpleRabbitListenerContainerFactoryConfigurer;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The consumers of the command queue, and those of the due hold expiries: the same listener on a
 * queue of their own, so that an expiry never waits behind a backlog of commands.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(WorkerProperties.class)
class CommandListenerConfiguration {

    /**
     * Each consumer collects up to batch-size messages, stopping early when the queue stays empty
     * for receive-timeout, and hands them over at once; acks are the listener's business (MANUAL),
     * since it may only ack after the commit and the confirmed outcome.
     */
    @Bean
    SimpleRabbitListenerContainerFactory commandContainerFactory(SimpleRabbitListenerContainerFactoryConfigurer configurer,
            ConnectionFactory connectionFactory, WorkerProperties worker) {
        SimpleRabbitListenerContainerFactory factory = new SimpleRabbitListenerContainerFactory();
        configurer.configure(factory, connectionFactory);
        factory.setBatchListener(true);
        factory.setConsumerBatchEnabled(true);
        factory.setBatchSize(worker.batchSize());
        factory.setReceiveTimeout(worker.receiveTimeout().toMillis());
        factory.setBatchReceiveTimeout(worker.batchReceiveTimeout().toMillis());
        factory.setPrefetchCount(worker.prefetch());
        factory.setConcurrentConsumers(worker.concurrency());
        factory.setAcknowledgeMode(AcknowledgeMode.MANUAL);
        return factory;
    }

    @Bean
    SimpleMessageListenerContainer commandListenerContainer(SimpleRabbitListenerContainerFactory commandContainerFactory,
            MessagingProperties names, CommandListener listener) {
        return container(commandContainerFactory, "booking-commands", names.commandQueue(), listener);
    }

    @Bean
    SimpleMessageListenerContainer expiryListenerContainer(SimpleRabbitListenerContainerFactory commandContainerFactory,
            MessagingProperties names, CommandListener listener) {
        return container(commandContainerFactory, "hold-expiries", names.dueExpiryQueue(), listener);
    }

    private static SimpleMessageListenerContainer container(SimpleRabbitListenerContainerFactory factory, String id,
            String queue, CommandListener listener) {
        SimpleRabbitListenerEndpoint endpoint = new SimpleRabbitListenerEndpoint();
        endpoint.setId(id);
        endpoint.setQueueNames(queue);
        endpoint.setMessageListener(listener);
        return factory.createListenerContainer(endpoint);
    }
}
