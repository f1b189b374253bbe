package dev.seatbooking.worker.command;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.seatbooking.common.booking.BookingStatus;
import dev.seatbooking.common.messaging.BookingOutcome;
import dev.seatbooking.common.messaging.BookingOutcomes;
import dev.seatbooking.common.messaging.HoldCommand;
import dev.seatbooking.common.messaging.MessagingConfiguration;
import dev.seatbooking.common.messaging.MessagingProperties;
import dev.seatbooking.worker.ConfirmedPublisher;
import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageDeliveryMode;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.rabbit.connection.CorrelationData;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.amqp.support.converter.MessageConverter;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Tells booking-service (the replies) and cache-service (the outcome event) what was committed,
 * parks the expiry of every hold it announces HELD until the hold is due, and moves the
 * unprocessable commands of batches to the dead-letter queue. It returns only once RabbitMQ has
 * confirmed every message, so that the commands may then be acked: an outcome or an expiry is never
 * lost between the commit and the ack, at worst it is published twice.
 */
@Component
class OutcomePublisher {

    /** The reply to a command message: {@code body} goes to its replyTo (if it has one) under its correlation id. */
    record Reply(Message request, Object body) {
    }

    private final RabbitTemplate rabbit;
    private final ConfirmedPublisher confirmed;
    private final AmqpAdmin admin;
    private final MessageConverter converter;
    /**
     * How often an expiry queue this instance publishes to is declared again. RabbitMQ deletes a queue
     * that nobody consumes or declares for its x-expires (its lifetime plus an hour), with the messages
     * in it, however much is published to it (tried: a queue of 3 s x-expires, published to every
     * 500 ms, was gone after 5.5 s); declared again well within that, a queue in use stays.
     */
    static final Duration REDECLARE_EXPIRY_QUEUES = Duration.ofMinutes(10);

    private final MessagingProperties names;
    private final InstantSource clock;
    /** When this instance last declared each expiry queue: one per hold lifetime and parking lag met. */
    private final Map<String, Instant> expiryQueuesDeclared = new ConcurrentHashMap<>();

    @Autowired
    OutcomePublisher(RabbitTemplate rabbit, ConfirmedPublisher confirmed, AmqpAdmin admin, MessageConverter converter,
            MessagingProperties names) {
        this(rabbit, confirmed, admin, converter, names, InstantSource.system());
    }

    /** {@code clock}: what the publisher takes for now (a test moves it on). */
    OutcomePublisher(RabbitTemplate rabbit, ConfirmedPublisher confirmed, AmqpAdmin admin, MessageConverter converter,
            MessagingProperties names, InstantSource clock) {
        this.rabbit = rabbit;
        this.confirmed = confirmed;
        this.admin = admin;
        this.converter = converter;
        this.names = names;
        this.clock = clock;
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
                sent.add(confirmed.send("", replyTo, reply(reply.body(), reply.request().getMessageProperties().getCorrelationId())));
            }
        }
        if (!announced.isEmpty()) {
            sent.add(confirmed.send(names.outcomeExchange(), MessagingProperties.OUTCOMES_ROUTING_KEY,
                    confirmed.persistent(new BookingOutcomes(announced))));
        }
        for (BookingOutcome outcome : announced) {
            if (outcome.status() == BookingStatus.HELD) {
                sent.add(scheduleExpiry(outcome));
            }
        }
        for (Object command : deadLetters) {
            sent.add(confirmed.send(names.deadLetterExchange(), names.deadLetterQueue(), confirmed.persistent(command)));
        }
        confirmed.awaitConfirms(sent);
    }

    /** Expiries of holds that are due, straight to the queue of due expiries (the sweep's). */
    void expireNow(List<Long> holdIds) {
        confirmed.awaitConfirms(holdIds.stream()
                .map(holdId -> confirmed.send("", names.dueExpiryQueue(), confirmed.persistent(new HoldCommand.Expire(holdId))))
                .toList());
    }

    /**
     * The hold's expiry, due at its {@code expires_at}: parked in the expiry queue of its lifetime and
     * parking lag with what is left of the lifetime as the message's expiration, or sent to the queue of due expiries at once
     * when it is due already. Sent again (a redelivered command), the second expiry finds the hold ended.
     */
    private CorrelationData scheduleExpiry(BookingOutcome hold) {
        Message expire = confirmed.persistent(new HoldCommand.Expire(hold.bookingId()));
        Instant now = clock.instant();
        long dueInMillis = Duration.between(now, hold.expiresAt()).toMillis();
        if (dueInMillis <= 0) {
            return confirmed.send("", names.dueExpiryQueue(), expire);
        }
        long lifetime = Duration.between(hold.createdAt(), hold.expiresAt()).toSeconds();
        // a batch that took long to commit parks its expiries apart from those of quicker batches
        Duration lag = Duration.between(hold.createdAt(), now);
        String queue = names.holdExpiryQueue(lifetime, lag);
        Instant declared = expiryQueuesDeclared.get(queue);
        if (declared == null || !now.isBefore(declared.plus(REDECLARE_EXPIRY_QUEUES))) {
            admin.declareQueue(MessagingConfiguration.holdExpiryQueue(lifetime, lag, names));
            expiryQueuesDeclared.put(queue, now);
        }
        expire.getMessageProperties().setExpiration(String.valueOf(dueInMillis));
        return confirmed.send("", queue, expire);
    }

    /** Answers a request that is not a command (a drain fence); nothing is committed, so no confirm is awaited. */
    void reply(Message request, Object answer) {
        rabbit.send("", request.getMessageProperties().getReplyTo(),
                reply(answer, request.getMessageProperties().getCorrelationId()));
    }

    private Message reply(Object body, String correlationId) {
        MessageProperties properties = new MessageProperties();
        properties.setCorrelationId(correlationId);
        // a reply is useful only to the caller waiting now; a broker restart may drop it
        properties.setDeliveryMode(MessageDeliveryMode.NON_PERSISTENT);
        return converter.toMessage(body, properties);
    }
}
