package dev.seatbooking.worker.command;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.seatbooking.common.messaging.BookingOutcome;
import dev.seatbooking.common.messaging.BookingOutcomes;
import dev.seatbooking.common.messaging.MessagingProperties;
import org.springframework.amqp.AmqpException;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageDeliveryMode;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.rabbit.connection.CorrelationData;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.amqp.support.converter.MessageConverter;
import org.springframework.stereotype.Component;

/**
 * Tells booking-service (the replies) and cache-service (the outcome event) what was committed, and
 * moves the unprocessable commands of batches to the dead-letter queue. It returns only once
 * RabbitMQ has confirmed every message, so that the commands may then be acked: an outcome is never
 * lost between the commit and the ack, at worst it is published twice.
 *
 * <p>Confirms are correlated (one future per message) rather than awaited per channel: when RabbitMQ
 * closes a channel, e.g. for a missing exchange, its pending messages are nacked, whereas a
 * channel-wide wait may silently run on the fresh channel that replaced the closed one.
 */
@Component
class OutcomePublisher {

    /** The reply to a command message: {@code body} goes to its replyTo (if it has one) under its correlation id. */
    record Reply(Message request, Object body) {
    }

    private final RabbitTemplate rabbit;
    private final MessageConverter converter;
    private final MessagingProperties names;
    private final Duration confirmTimeout;

    OutcomePublisher(RabbitTemplate rabbit, MessageConverter converter, MessagingProperties names,
            WorkerProperties worker) {
        this.rabbit = rabbit;
        this.converter = converter;
        this.names = names;
        this.confirmTimeout = worker.confirmTimeout();
    }

    /**
     * @param announced committed states, published as one {@link BookingOutcomes} event
     * @param deadLetters commands that can never succeed, each sent to the dead-letter queue alone
     * @throws RuntimeException unless RabbitMQ confirmed every message within the confirm timeout
     */
    void publish(List<Reply> replies, List<BookingOutcome> announced, List<Object> deadLetters) {
        List<CorrelationData> sent = new ArrayList<>();
        for (Reply reply : replies) {
            String replyTo = reply.request().getMessageProperties().getReplyTo();
            if (replyTo != null) {
                sent.add(send("", replyTo, reply(reply.body(), reply.request().getMessageProperties().getCorrelationId())));
            }
        }
        if (!announced.isEmpty()) {
            sent.add(send(names.outcomeExchange(), MessagingProperties.OUTCOMES_ROUTING_KEY,
                    persistent(new BookingOutcomes(announced))));
        }
        for (Object command : deadLetters) {
            sent.add(send(names.deadLetterExchange(), names.deadLetterQueue(), persistent(command)));
        }
        // a timeout surfaces as a CompletionException
        CompletableFuture.allOf(sent.stream().map(CorrelationData::getFuture).toArray(CompletableFuture[]::new))
                .orTimeout(confirmTimeout.toMillis(), TimeUnit.MILLISECONDS)
                .join();
        for (CorrelationData message : sent) {
            CorrelationData.Confirm confirm = message.getFuture().join();
            if (!confirm.ack()) {
                throw new AmqpException("RabbitMQ did not take an outcome: " + confirm.reason());
            }
        }
    }

    /** Answers a request that is not a command (a drain fence); nothing is committed, so no confirm is awaited. */
    void reply(Message request, Object answer) {
        rabbit.send("", request.getMessageProperties().getReplyTo(),
                reply(answer, request.getMessageProperties().getCorrelationId()));
    }

    private CorrelationData send(String exchange, String routingKey, Message message) {
        CorrelationData confirm = new CorrelationData();
        rabbit.send(exchange, routingKey, message, confirm);
        return confirm;
    }

    private Message reply(Object body, String correlationId) {
        MessageProperties properties = new MessageProperties();
        properties.setCorrelationId(correlationId);
        // a reply is useful only to the caller waiting now; a broker restart may drop it
        properties.setDeliveryMode(MessageDeliveryMode.NON_PERSISTENT);
        return converter.toMessage(body, properties);
    }

    /** Outcome events (cache-service frees seats on them) and dead letters must survive a broker restart. */
    private Message persistent(Object body) {
        MessageProperties properties = new MessageProperties();
        properties.setDeliveryMode(MessageDeliveryMode.PERSISTENT);
        return converter.toMessage(body, properties);
    }
}
