package dev.seatbooking.common.messaging;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageDeliveryMode;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.support.converter.MessageConverter;

/**
 * Where a hold's expiry waits until it is due, and its message: queue-worker parks the expiry of
 * every hold it commits, booking-service that of every offer a change of an event makes. The sender
 * publishes it with the confirms its step needs.
 */
public class HoldExpiries {

    /**
     * How often an expiry queue this instance parks expiries in is declared again. RabbitMQ deletes a
     * queue that nobody consumes or declares for its x-expires (its lifetime plus an hour), with the
     * messages in it, however much is published to it (tried: a queue of 3 s x-expires, published to
     * every 500 ms, was gone after 5.5 s); declared again well within that, a queue in use stays.
     */
    public static final Duration REDECLARE_QUEUES = Duration.ofMinutes(10);

    /** An expiry message and the queue (routing key on the default exchange) it goes to. */
    public record Parking(String queue, Message message) {
    }

    private final AmqpAdmin admin;
    private final MessageConverter converter;
    private final MessagingProperties names;
    private final InstantSource clock;
    /** When this instance last declared each expiry queue: one per hold lifetime and parking lag met. */
    private final Map<String, Instant> declared = new ConcurrentHashMap<>();

    /** {@code clock}: what is taken for now (a test moves it on). */
    public HoldExpiries(AmqpAdmin admin, MessageConverter converter, MessagingProperties names, InstantSource clock) {
        this.admin = admin;
        this.converter = converter;
        this.names = names;
        this.clock = clock;
    }

    /**
     * The hold's expiry, due at {@code expiresAt}: for the expiry queue of its lifetime and parking
     * lag ({@link MessagingProperties#holdExpiryQueue}), declared first when this instance has not
     * lately, with what is left of the lifetime as the message's expiration; for the queue of due
     * expiries when it is due already. Sent twice, the second expiry finds the hold ended.
     */
    public Parking park(long holdId, Instant createdAt, Instant expiresAt) {
        Instant now = clock.instant();
        long dueInMillis = Duration.between(now, expiresAt).toMillis();
        if (dueInMillis <= 0) {
            return due(holdId);
        }
        Message expire = expire(holdId);
        long lifetime = Duration.between(createdAt, expiresAt).toSeconds();
        // an expiry parked late (a batch slow to commit) waits apart from those parked promptly
        Duration lag = Duration.between(createdAt, now);
        String queue = names.holdExpiryQueue(lifetime, lag);
        Instant last = declared.get(queue);
        if (last == null || !now.isBefore(last.plus(REDECLARE_QUEUES))) {
            admin.declareQueue(MessagingConfiguration.holdExpiryQueue(lifetime, lag, names));
            declared.put(queue, now);
        }
        expire.getMessageProperties().setExpiration(String.valueOf(dueInMillis));
        return new Parking(queue, expire);
    }

    /** The hold's expiry, for the queue of due expiries at once (one the sweep found overdue). */
    public Parking due(long holdId) {
        return new Parking(names.dueExpiryQueue(), expire(holdId));
    }

    private Message expire(long holdId) {
        MessageProperties properties = new MessageProperties();
        properties.setDeliveryMode(MessageDeliveryMode.PERSISTENT);
        return converter.toMessage(new HoldCommand.Expire(holdId), properties);
    }
}
