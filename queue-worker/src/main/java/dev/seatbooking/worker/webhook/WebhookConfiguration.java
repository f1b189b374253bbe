package dev.seatbooking.worker.webhook;

import dev.seatbooking.common.messaging.MessagingProperties;
import org.springframework.amqp.core.AcknowledgeMode;
import org.springframework.amqp.core.Declarables;
import org.springframework.amqp.rabbit.config.SimpleRabbitListenerContainerFactory;
import org.springframework.amqp.rabbit.config.SimpleRabbitListenerEndpoint;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.listener.SimpleMessageListenerContainer;
import org.springframework.boot.amqp.autoconfigure.SimpleRabbitListenerContainerFactoryConfigurer;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(WebhookDeliveryProperties.class)
class WebhookConfiguration {

    @Bean
    Declarables webhookTopology(MessagingProperties names, WebhookDeliveryProperties settings) {
        return WebhookQueues.topology(names, settings);
    }

    /**
     * WEBHOOK_CONCURRENCY consumers, one message each at a time (an attempt may take seconds).
     * A message whose handling throws is dropped, not requeued: the row is the truth, and the relay
     * publishes it again when its lease is over, whereas a requeue would spin on a PostgreSQL outage.
     */
    @Bean
    SimpleMessageListenerContainer webhookListenerContainer(SimpleRabbitListenerContainerFactoryConfigurer configurer,
            ConnectionFactory connectionFactory, MessagingProperties names, WebhookDeliveryProperties settings,
            WebhookDeliverer deliverer) {
        SimpleRabbitListenerContainerFactory factory = new SimpleRabbitListenerContainerFactory();
        configurer.configure(factory, connectionFactory);
        factory.setConcurrentConsumers(settings.concurrency());
        factory.setPrefetchCount(1);
        factory.setAcknowledgeMode(AcknowledgeMode.AUTO);
        factory.setDefaultRequeueRejected(false);
        SimpleRabbitListenerEndpoint endpoint = new SimpleRabbitListenerEndpoint();
        endpoint.setId("webhook-deliveries");
        endpoint.setQueueNames(names.webhookDeliveryQueue());
        endpoint.setMessageListener(deliverer);
        return factory.createListenerContainer(endpoint);
    }
}
