package dev.seatbooking.worker.command;

import java.time.Duration;
import java.util.ArrayList;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import dev.seatbooking.common.booking.BookingStatus;
import dev.seatbooking.common.messaging.BookingOutcome;
import dev.seatbooking.common.messaging.BookingOutcomes;
import dev.seatbooking.common.messaging.HoldCommand;
import dev.seatbooking.common.messaging.MessagingConfiguration;
import dev.seatbooking.common.messaging.MessagingProperties;
import org.springframework.amqp.AmqpException;
import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageDeliveryMode;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.rabbit.connection.CorrelationData;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.amqp.support.converter.MessageConverter;
import org.springframework.stereotype.Component;

/**
 * Tells booking-service (the replies) and cache-service (the outcome event) what was committed,
 * parks the expiry of every hold it announces HELD until the hold is due, and moves the
 * unprocessable commands of batches to the dead-letter queue. It returns only once RabbitMQ has
 * confirmed every message, so that the commands may then be acked: an outcome or an expiry is never
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
    private final AmqpAdmin admin;
    private final MessageConverter converter;
    private final MessagingProperties names;
    private final Duration confirmTimeout;
    /** The expiry queues this instance declared: one per hold lifetime met. */
    private final Set<String> expiryQueues = ConcurrentHashMap.newKeySet();

    OutcomePublisher(RabbitTemplate rabbit, AmqpAdmin admin, MessageConverter converter, MessagingProperties names,
            WorkerProperties worker) {
        this.rabbit = rabbit;
        this.admin = admin;
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
        for (BookingOutcome outcome : announced) {
            if (outcome.status() == BookingStatus.HELD) {
                sent.add(scheduleExpiry(outcome));
            }
        }
        for (Object command : deadLetters) {
            sent.add(send(names.deadLetterExchange(), names.deadLetterQueue(), persistent(command)));
        }
        awaitConfirms(sent);
    }

    /** Expiries of holds that are due, straight to the queue of due expiries (the sweep's). */
    void expireNow(List<Long> holdIds) {
        awaitConfirms(holdIds.stream()
                .map(holdId -> send("", names.dueExpiryQueue(), persistent(new HoldCommand.Expire(holdId))))
                .toList());
    }

    private void awaitConfirms(List<CorrelationData> sent) {
        // a timeout surfaces as a CompletionException
        CompletableFuture.allOf(sent.stream().map(CorrelationData::getFuture).toArray(CompletableFuture[]::new))
                .orTimeout(confirmTimeout.toMillis(), TimeUnit.MILLISECONDS)
                .join();
        for (CorrelationData message : sent) {
            CorrelationData.Confirm confirm = message.getFuture().join();
            if (!confirm.ack()) {
                throw new AmqpException("RabbitMQ did not take a message: " + confirm.reason());
            }
        }
    }

    /**
     * The hold's expiry, due at its {@code expires_at}: parked in the expiry queue of its lifetime with
     * what is left of it as the message's expiration, or sent to the queue of due expiries at once
     * when it is due already. Sent again (a redelivered command), the second expiry finds the hold ended.
     */
    private CorrelationData scheduleExpiry(BookingOutcome hold) {
        Message expire = persistent(new HoldCommand.Expire(hold.bookingId()));
        long dueInMillis = Duration.between(Instant.now(), hold.expiresAt()).toMillis();
        if (dueInMillis <= 0) {
            return send("", names.dueExpiryQueue(), expire);
        }
        long lifetime = Duration.between(hold.createdAt(), hold.expiresAt()).toSeconds();
        String queue = names.holdExpiryQueue(lifetime);
        if (expiryQueues.add(queue)) {
            admin.declareQueue(MessagingConfiguration.holdExpiryQueue(lifetime, names));
        }
        expire.getMessageProperties().setExpiration(String.valueOf(dueInMillis));
        return send("", queue, expire);
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
