package dev.seatbooking.cache.outcome;

import dev.seatbooking.cache.hold.HoldService;
import dev.seatbooking.common.messaging.BookingOutcome;
import dev.seatbooking.common.messaging.MessagingProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.AmqpRejectAndDontRequeueException;
import org.springframework.amqp.rabbit.annotation.RabbitListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.stereotype.Component;

/**
 * Follows what queue-worker committed. A rejected or cancelled booking gives its seat back; a
 * confirmed one holds its seat and no longer needs its pending record. All are safe to repeat, so a
 * redelivered outcome changes nothing.
 */
@Component
class OutcomeListener {

    private static final Logger log = LoggerFactory.getLogger(OutcomeListener.class);

    private final HoldService holds;

    OutcomeListener(HoldService holds) {
        this.holds = holds;
    }

    @RabbitListener(queues = "#{cacheOutcomeQueue}")
    void onOutcome(BookingOutcome outcome) {
        if (outcome.status() == null || outcome.userId() == null) {
            // redelivering could never make it valid, and would hold up every outcome queued behind it
            throw new AmqpRejectAndDontRequeueException("Outcome of booking " + outcome.bookingId()
                    + " has no status or user id");
        }
        switch (outcome.status()) {
            case CONFIRMED -> holds.confirmed(outcome.eventId(), outcome.userId(), outcome.bookingId());
            case REJECTED, CANCELLED -> {
                if (holds.release(outcome.eventId(), outcome.userId(), outcome.bookingId())) {
                    log.debug("Freed the seat of {} booking {}", outcome.status(), outcome.bookingId());
                }
            }
            // queue-worker only announces what it committed, and PENDING is never committed
            case PENDING -> log.warn("Ignoring a PENDING outcome for booking {}", outcome.bookingId());
        }
    }

    /** The queue is declared with the rest of the topology in common's MessagingConfiguration. */
    @Configuration(proxyBeanMethods = false)
    static class QueueName {

        @Bean
        String cacheOutcomeQueue(MessagingProperties messaging) {
            return messaging.cacheOutcomeQueue();
        }
    }
}
