package dev.seatbooking.common.messaging;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Names of the RabbitMQ topology, all derived from one prefix so that test runs (and separate
 * deployments on one broker) never share a queue, and the type of its queues. The defaults are in
 * common.yml (BOOKING_MESSAGING_PREFIX, BOOKING_QUEUE_TYPE).
 */
@ConfigurationProperties("booking.messaging")
public record MessagingProperties(String prefix, QueueType queueType) {

    public MessagingProperties {
        if (prefix == null || prefix.isBlank() || queueType == null) {
            throw new IllegalArgumentException("booking.messaging.prefix and queue-type must be set");
        }
    }

    /** Classic queues live on one node; quorum queues are replicated across a RabbitMQ cluster. */
    public enum QueueType { CLASSIC, QUORUM }

    /** Routing key of queue-worker's {@link BookingOutcomes} events on the outcome exchange. */
    public static final String OUTCOMES_ROUTING_KEY = "booking.outcomes";

    /** Booking and cancel commands for queue-worker (default exchange, routed by queue name). */
    public String commandQueue() {
        return prefix + ".commands";
    }

    public String deadLetterExchange() {
        return prefix + ".dlx";
    }

    /** Commands that can never succeed (unreadable, or for an event that does not exist). */
    public String deadLetterQueue() {
        return prefix + ".commands.dlq";
    }

    /** Topic exchange where queue-worker announces every committed outcome. */
    public String outcomeExchange() {
        return prefix + ".outcomes";
    }

    /**
     * Names of booking-service's reply queues: one per instance, exclusive to its connection, so
     * that queue-worker's replies reach the instance whose client is waiting.
     */
    public String replyQueuePrefix() {
        return prefix + ".replies.";
    }

    /**
     * How far apart, at most, the parking lags of the expiries one expiry queue takes are: an expiry
     * waits at most this long behind another ({@link #holdExpiryQueue}).
     */
    public static final Duration EXPIRY_LAG_STEP = Duration.ofMillis(100);

    /** Expiries parked this long or longer after their holds were taken share a lifetime's last expiry queue. */
    public static final Duration EXPIRY_LAG_CAP = Duration.ofSeconds(2);

    /**
     * Where queue-worker parks a hold's expiry until it is due: one queue per hold lifetime (in
     * seconds) and {@link #EXPIRY_LAG_STEP} of parking lag (how long after the hold was taken its
     * expiry is parked). RabbitMQ expires a message only at the head of its queue, so an expiry waits
     * for any that is ahead of it and due later. The one ahead was parked no later; with the same
     * lifetime, it is due later only by as much as its lag was shorter, which one queue keeps below
     * a step. Lifetime alone was not enough: the expiries of a batch that took a second longer to
     * commit than the next one waited a second behind that batch's. Expired, a message is
     * dead-lettered into {@link #dueExpiryQueue}. Named apart from the {@code .holds.expiry.*} queues
     * of earlier versions, which dead-letter into the command queue: a queue's arguments cannot change.
     */
    public String holdExpiryQueue(long holdTtlSeconds, Duration lag) {
        long step = EXPIRY_LAG_STEP.toMillis();
        long lagClass = Math.min(Math.max(lag.toMillis(), 0), EXPIRY_LAG_CAP.toMillis()) / step * step;
        return prefix + ".holds.expiring." + holdTtlSeconds + "s.lag" + lagClass + "ms";
    }

    /**
     * Hold expiries that are due, for queue-worker: consumed apart from the command queue, so that
     * seats come back on sale when due even while commands queue up (in the checkout funnel's
     * overload, expiries in the command queue came back 30 s late at p99).
     */
    public String dueExpiryQueue() {
        return prefix + ".holds.due";
    }

    /** cache-service's subscription to outcomes, to release holds of rejected and cancelled bookings. */
    public String cacheOutcomeQueue() {
        return prefix + ".cache-service.outcomes";
    }

    /** Webhook deliveries due now, for queue-worker's deliverer: each message names one delivery row. */
    public String webhookDeliveryQueue() {
        return prefix + ".webhooks.deliveries";
    }

    /**
     * Where a webhook delivery waits out its back-off before it goes back to
     * {@link #webhookDeliveryQueue}: one queue per delay, for the reason given at {@link #holdExpiryQueue}.
     */
    public String webhookRetryQueue(Duration delay) {
        return prefix + ".webhooks.retry." + delay.toMillis() + "ms";
    }
}
