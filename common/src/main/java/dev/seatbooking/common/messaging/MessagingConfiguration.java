package dev.seatbooking.common.messaging;

import java.time.Duration;
import java.time.InstantSource;

import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.amqp.core.BindingBuilder;
import org.springframework.amqp.core.Declarables;
import org.springframework.amqp.core.DirectExchange;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.core.QueueBuilder;
import org.springframework.amqp.core.TopicExchange;
import org.springframework.amqp.support.converter.DefaultJacksonJavaTypeMapper;
import org.springframework.amqp.support.converter.JacksonJsonMessageConverter;
import org.springframework.amqp.support.converter.MessageConverter;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

/**
 * The RabbitMQ topology, declared identically by every service (declaration is idempotent, so the
 * start-up order of the services does not matter), and JSON messages written with the same mapper
 * as the HTTP API.
 */
@Configuration(proxyBeanMethods = false)
public class MessagingConfiguration {

    @Bean
    Declarables bookingTopology(MessagingProperties names) {
        Queue commands = durable(names.commandQueue(), names)
                .deadLetterExchange(names.deadLetterExchange())
                .deadLetterRoutingKey(names.deadLetterQueue())
                .build();
        DirectExchange deadLetters = new DirectExchange(names.deadLetterExchange());
        Queue deadLetterQueue = durable(names.deadLetterQueue(), names).build();
        TopicExchange outcomes = new TopicExchange(names.outcomeExchange());
        Queue cacheOutcomes = durable(names.cacheOutcomeQueue(), names).build();
        Queue dueExpiries = durable(names.dueExpiryQueue(), names)
                .deadLetterExchange(names.deadLetterExchange())
                .deadLetterRoutingKey(names.deadLetterQueue())
                .build();
        return new Declarables(commands, dueExpiries, deadLetters, deadLetterQueue,
                BindingBuilder.bind(deadLetterQueue).to(deadLetters).with(names.deadLetterQueue()),
                outcomes, cacheOutcomes,
                BindingBuilder.bind(cacheOutcomes).to(outcomes).with("booking.*"));
    }

    /**
     * An expiry queue ({@link MessagingProperties#holdExpiryQueue}) for holds of the given lifetime
     * whose expiries are parked the given lag after they were taken: nobody consumes it; each message
     * waits out its expiration, then RabbitMQ dead-letters it into the queue of due expiries.
     * Publishing does not keep a queue from RabbitMQ's x-expires, so {@link HoldExpiries} declares a
     * queue it parks expiries in again every ten minutes; one nobody parks expiries in any more holds
     * no message an hour beyond that lifetime, and RabbitMQ deletes it (an event whose hold lifetime
     * changed leaves its old one behind).
     */
    public static Queue holdExpiryQueue(long holdTtlSeconds, Duration lag, MessagingProperties names) {
        return durable(names.holdExpiryQueue(holdTtlSeconds, lag), names)
                .deadLetterExchange("")
                .deadLetterRoutingKey(names.dueExpiryQueue())
                .expires((int) Math.min(Integer.MAX_VALUE, (holdTtlSeconds + 3600) * 1000))
                .build();
    }

    /** Parks hold expiries: queue-worker's for the holds it commits, booking-service's for the offers of a change. */
    @Bean
    HoldExpiries holdExpiries(AmqpAdmin admin, MessageConverter converter, MessagingProperties names) {
        return new HoldExpiries(admin, converter, names, InstantSource.system());
    }

    /** A durable queue of the configured type (classic or quorum). */
    public static QueueBuilder durable(String queue, MessagingProperties names) {
        QueueBuilder builder = QueueBuilder.durable(queue);
        return names.queueType() == MessagingProperties.QueueType.QUORUM ? builder.quorum() : builder;
    }

    @Bean
    MessageConverter jsonMessageConverter(JsonMapper jsonMapper) {
        JacksonJsonMessageConverter converter = new JacksonJsonMessageConverter(jsonMapper);
        DefaultJacksonJavaTypeMapper typeMapper = new DefaultJacksonJavaTypeMapper();
        // the __TypeId__ header picks the record; only our own message types may be instantiated
        typeMapper.setTrustedPackages(BookingCommand.class.getPackageName());
        converter.setJavaTypeMapper(typeMapper);
        return converter;
    }
}
