package dev.seatbooking.cache.hold;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import dev.seatbooking.cache.CacheProperties;
import dev.seatbooking.cache.SeatKeys;
import dev.seatbooking.common.booking.BookingRepository;
import dev.seatbooking.common.booking.SeatHolder;
import dev.seatbooking.common.error.ApiException;
import dev.seatbooking.common.event.Event;
import dev.seatbooking.common.event.EventRepository;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.redisson.api.RLock;
import org.redisson.api.RedissonClient;
import org.redisson.client.RedisException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Loads an event's seat state into Redis from PostgreSQL, the source of truth, when Redis does not
 * have it: a new event, a restarted or flushed Redis. One instance rebuilds while the others wait
 * on a Redis lock, so concurrent holds never write the state twice or over each other.
 */
@Component
class SeatStateRebuilder {

    private static final Logger log = LoggerFactory.getLogger(SeatStateRebuilder.class);

    private static final Duration WAIT_STEP = Duration.ofMillis(20);

    private final RedissonClient redisson;
    private final SeatKeys keys;
    private final SeatState seats;
    private final RedisLossRecovery recovery;
    private final EventRepository events;
    private final BookingRepository bookings;
    private final Duration lockWait;
    private final Counter rebuilds;

    SeatStateRebuilder(RedissonClient redisson, SeatKeys keys, SeatState seats, RedisLossRecovery recovery,
            EventRepository events, BookingRepository bookings, CacheProperties properties, MeterRegistry meters) {
        this.redisson = redisson;
        this.keys = keys;
        this.seats = seats;
        this.recovery = recovery;
        this.events = events;
        this.bookings = bookings;
        this.lockWait = properties.rebuildLockWait();
        this.rebuilds = Counter.builder("booking.cache.rebuilds")
                .description("Event seat states loaded into Redis from PostgreSQL")
                .register(meters);
    }

    /** Makes sure the event's state is in Redis; false when the event does not exist. */
    boolean rebuild(long eventId) {
        RLock lock = redisson.getLock(keys.rebuildLock(eventId));
        long deadline = System.nanoTime() + lockWait.toNanos();
        try {
            // A burst of holds for an unloaded event would otherwise be handed the lock one by one,
            // each only to find the state loaded: look for the loaded state between short tries.
            // They do not wait inside Redisson, where every waiter takes a pub/sub subscription
            // that a storm of holds exhausts while a rebuild takes long (a recovery).
            while (!lock.tryLock()) {
                if (seats.isLoaded(eventId)) {
                    return true;
                }
                if (System.nanoTime() > deadline) {
                    throw ApiException.unavailable("The seat state of event " + eventId, null);
                }
                Thread.sleep(WAIT_STEP.toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ApiException.unavailable("The seat state of event " + eventId, e);
        } catch (RedisException e) {
            // an interrupt during one of the Redis round trips between the sleeps: Redisson restores
            // the flag and wraps it, and it is the same interrupted wait
            if (e.getCause() instanceof InterruptedException) {
                throw ApiException.unavailable("The seat state of event " + eventId, e);
            }
            throw e;
        }
        try {
            // whoever held the lock before us may have loaded it already
            if (seats.isLoaded(eventId)) {
                return true;
            }
            // PostgreSQL lacks the bookings still in the queue; if Redis lost them, let them commit first
            recovery.awaitCommandsInFlight();
            Optional<Event> event = events.findById(eventId);
            if (event.isEmpty()) {
                return false;
            }
            List<SeatHolder> holders = bookings.findSeatHolders(eventId);
            seats.load(eventId, event.get().getTotalSeats(), event.get().settings(), holders);
            rebuilds.increment();
            log.info("Loaded event {} into Redis: {} of {} seats taken by {} claims", eventId,
                    holders.stream().mapToInt(SeatHolder::quantity).sum(), event.get().getTotalSeats(), holders.size());
            return true;
        } finally {
            lock.unlock();
        }
    }
}
