package dev.seatbooking.cache.hold;

import java.util.List;
import java.util.Set;

import dev.seatbooking.common.booking.BookingRepository;
import dev.seatbooking.common.booking.BookingStatus;
import dev.seatbooking.common.messaging.BookingOutcome;
import dev.seatbooking.common.messaging.BookingOutcomes;
import dev.seatbooking.common.messaging.MessagingProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.rabbit.annotation.RabbitListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.stereotype.Component;

/**
 * Follows what queue-worker committed. A rejected, cancelled, released or expired claim gives its
 * seats back; a held or confirmed one holds its seats and no longer needs its pending record. All are safe to repeat, so a
 * redelivered outcome changes nothing. queue-worker announces each committed batch as one
 * {@link BookingOutcomes}.
 */
@Component
class OutcomeListener {

    private static final Logger log = LoggerFactory.getLogger(OutcomeListener.class);

    private final SeatState seats;
    private final BookingRepository bookings;

    OutcomeListener(SeatState seats, BookingRepository bookings) {
        this.seats = seats;
        this.bookings = bookings;
    }

    @RabbitListener(queues = "#{cacheOutcomeQueue}")
    void onOutcomes(BookingOutcomes outcomes) {
        seats.apply(withoutStaleExpiries(outcomes.outcomes().stream().filter(OutcomeListener::applicable).toList()));
    }

    /**
     * An expired hold may be confirmed after all (its seats were free), by another queue-worker
     * whose outcome can arrive first: the expiry's outcome, arriving after it, must not free the
     * booking's seats. PostgreSQL knows which came last.
     */
    private List<BookingOutcome> withoutStaleExpiries(List<BookingOutcome> outcomes) {
        List<Long> expired = outcomes.stream().filter(outcome -> outcome.status() == BookingStatus.EXPIRED)
                .map(BookingOutcome::bookingId).toList();
        if (expired.isEmpty()) {
            return outcomes;
        }
        Set<Long> liveAgain = bookings.findLive(expired);
        return outcomes.stream()
                .filter(outcome -> outcome.status() != BookingStatus.EXPIRED || !liveAgain.contains(outcome.bookingId()))
                .toList();
    }

    /**
     * Only committed states are announced. Anything else could never become valid by redelivery, and
     * refusing the whole batch for it would hold up every outcome queued behind.
     */
    private static boolean applicable(BookingOutcome outcome) {
        if (outcome.userId() == null || outcome.status() == null || outcome.status() == BookingStatus.PENDING) {
            log.warn("Ignoring the outcome of booking {}: status {}, user {}", outcome.bookingId(), outcome.status(),
                    outcome.userId() == null ? "missing" : "present");
            return false;
        }
        return true;
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
