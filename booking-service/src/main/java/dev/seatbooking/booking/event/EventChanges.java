package dev.seatbooking.booking.event;

import java.util.ArrayList;
import java.util.List;

import dev.seatbooking.booking.cache.CacheServiceClient;
import dev.seatbooking.common.api.EventView;
import dev.seatbooking.common.booking.Booking;
import dev.seatbooking.common.booking.BookingRepository;
import dev.seatbooking.common.booking.SeatHolder;
import dev.seatbooking.common.booking.WaitlistOfferCounter;
import dev.seatbooking.common.cache.SeatSettings;
import dev.seatbooking.common.error.ErrorCode;
import dev.seatbooking.common.error.Result;
import dev.seatbooking.common.event.Event;
import dev.seatbooking.common.event.EventRepository;
import dev.seatbooking.common.event.EventSettings;
import dev.seatbooking.common.messaging.HoldExpiries;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.persistence.EntityManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.AmqpException;
import org.springframework.amqp.rabbit.connection.CorrelationData;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * An operator changing an event's capacity or settings. PostgreSQL and Redis must agree on them: the
 * event's row stays locked while cache-service applies the change to Redis (where holds are decided),
 * and the change commits only if Redis took it. Lowering the capacity below the seats taken is refused
 * by both: PostgreSQL counts the seats committed, Redis also those still in flight. Raised (or the
 * sale reopened), the free seats go to the event's waiting list first, in the same transaction, and
 * Redis takes those offers with the change; the rest are on sale at once. Once committed, the offers'
 * expiries are parked as queue-worker parks those of the holds it commits; one that RabbitMQ did not
 * take is found by queue-worker's sweep of overdue holds (WORKER_HOLD_SWEEP_GRACE after its time).
 */
@Service
class EventChanges {

    private static final Logger log = LoggerFactory.getLogger(EventChanges.class);

    private final EventRepository events;
    private final BookingRepository bookings;
    private final CacheServiceClient cache;
    private final EntityManager entityManager;
    private final TransactionTemplate transactions;
    private final HoldExpiries expiries;
    private final RabbitTemplate rabbit;
    private final Counter offers;

    EventChanges(EventRepository events, BookingRepository bookings, CacheServiceClient cache,
            EntityManager entityManager, PlatformTransactionManager transactionManager, HoldExpiries expiries,
            RabbitTemplate rabbit, MeterRegistry meters) {
        this.events = events;
        this.bookings = bookings;
        this.cache = cache;
        this.entityManager = entityManager;
        this.transactions = new TransactionTemplate(transactionManager);
        this.expiries = expiries;
        this.rabbit = rabbit;
        this.offers = WaitlistOfferCounter.of(meters, "capacity");
    }

    Result<EventView> change(long eventId, EventPatch patch) {
        List<Booking> offered = new ArrayList<>();
        Result<EventView> changed;
        try {
            changed = transactions.execute(status -> {
                Event event = events.findForUpdate(eventId).orElse(null);
                if (event == null) {
                    return Result.refused(ErrorCode.EVENT_NOT_FOUND, "Event " + eventId + " does not exist");
                }
                int capacity = patch.totalSeats() != null ? patch.totalSeats() : event.getTotalSeats();
                EventSettings settings = patch.applyTo(event.settings());
                event.setTotalSeats(capacity);
                event.apply(settings);
                // the CHECK on the committed seats first, so that Redis is only asked about a change PostgreSQL allows
                events.saveAndFlush(event);
                offered.addAll(bookings.makeWaitlistOffers(eventId));
                List<SeatHolder> holders = offered.stream()
                        .map(offer -> new SeatHolder(offer.getUserId(), offer.getId(), offer.getQuantity())).toList();
                Result<Void> applied = cache.applySettings(eventId, new SeatSettings(capacity, settings, holders));
                if (applied instanceof Result.Refused<Void> refused) {
                    status.setRollbackOnly();
                    return Result.refused(refused.refusal());
                }
                offers.increment(offered.size());
                // the counts and waiting list as the offers left them
                entityManager.refresh(event);
                return Result.ok(EventView.of(event));
            });
        } catch (DataIntegrityViolationException e) {
            return belowSold(eventId, patch);
        }
        if (changed instanceof Result.Ok<EventView>) {
            parkExpiries(offered);
        }
        return changed;
    }

    /**
     * Without waiting for RabbitMQ's confirms: the change is committed either way, and an expiry that
     * was not taken is the sweep's. Each send still carries its correlation, which the template's
     * confirm callback (AsyncRabbitTemplate's, for the commands) requires.
     */
    private void parkExpiries(List<Booking> offered) {
        try {
            for (Booking offer : offered) {
                HoldExpiries.Parking expiry = expiries.park(offer.getId(), offer.getCreatedAt(), offer.getExpiresAt());
                rabbit.send("", expiry.queue(), expiry.message(), new CorrelationData());
            }
        } catch (AmqpException e) {
            log.warn("The expiries of {} offers were not parked; queue-worker's sweep expires them: {}",
                    offered.size(), e.toString());
        }
    }

    private static Result<EventView> belowSold(long eventId, EventPatch patch) {
        return Result.refused(ErrorCode.CAPACITY_BELOW_SOLD,
                "More seats of event " + eventId + " are booked or held than " + patch.totalSeats());
    }
}
