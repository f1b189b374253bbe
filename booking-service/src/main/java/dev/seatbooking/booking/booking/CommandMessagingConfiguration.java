package dev.seatbooking.booking.booking;

import java.time.Duration;

import dev.seatbooking.common.messaging.MessagingProperties;
import org.springframework.amqp.core.AcknowledgeMode;
import org.springframework.amqp.core.AnonymousQueue;
import org.springframework.amqp.core.Base64UrlNamingStrategy;
import org.springframework.amqp.rabbit.AsyncRabbitTemplate;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.amqp.rabbit.listener.SimpleMessageListenerContainer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class CommandMessagingConfiguration {

    private static final Duration REPLY_CONSUMER_RECOVERY = Duration.ofMillis(500);

    /**
     * This instance's reply queue: exclusive to its connection and gone with it, redeclared by
     * Spring's RabbitAdmin when the connection comes back. A queue of our own rather than RabbitMQ's
     * direct reply-to, which ties every outstanding request to a channel of its own and exists on no
     * other AMQP broker.
     */
    @Bean
    AnonymousQueue replyQueue(MessagingProperties names) {
        return new AnonymousQueue(new Base64UrlNamingStrategy(names.replyQueuePrefix()));
    }

    /**
     * Request/reply over the reply queue; replies that arrive after the 202 was sent are dropped.
     * Mandatory publishing turns a command that no queue took into a failed future instead of a
     * silent loss.
     */
    @Bean
    AsyncRabbitTemplate asyncRabbitTemplate(RabbitTemplate rabbitTemplate, AnonymousQueue replyQueue,
            ReservationProperties properties) {
        SimpleMessageListenerContainer replies = new SimpleMessageListenerContainer(rabbitTemplate.getConnectionFactory());
        replies.setQueues(replyQueue);
        // replies are transient and only matter while someone waits: no acks to send back
        replies.setAcknowledgeMode(AcknowledgeMode.NONE);
        // after a lost connection the queue is redeclared by the first publish; its consumer must be
        // back before that command's reply is due (the commit wait), or the client hears 202
        replies.setRecoveryInterval(REPLY_CONSUMER_RECOVERY.toMillis());
        AsyncRabbitTemplate template = new AsyncRabbitTemplate(rabbitTemplate, replies);
        template.setEnableConfirms(true);
        template.setMandatory(true);
        template.setReceiveTimeout(properties.confirmWait().plus(properties.publishConfirmTimeout()).toMillis());
        return template;
    }
}
