package dev.seatbooking.booking.booking;

import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import dev.seatbooking.booking.BookingKeys;
import dev.seatbooking.common.error.ApiException;
import dev.seatbooking.common.error.ErrorCode;
import dev.seatbooking.common.error.Result;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.redisson.api.RLock;
import org.redisson.api.RedissonClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The Redisson lock per (event, user) that every reserve and cancel runs under, so that one user's
 * requests for one event never interleave, on any replica. The seat rules never depend on it (the
 * hold script and PostgreSQL's constraints hold them); it keeps one user's concurrent requests from
 * doing the same work twice and makes a reserve and a cancel of one booking take turns.
 */
@Component
public class UserEventLock {

    private static final Logger log = LoggerFactory.getLogger(UserEventLock.class);

    /** The RATE_LIMITED refusal's message when the lock stayed taken. */
    public static final String BUSY = "Another request of this user for this event is still in progress";

    private final RedissonClient redisson;
    private final BookingKeys keys;
    private final long waitMillis;
    private final long leaseMillis;
    private final Timer lockWait;

    UserEventLock(RedissonClient redisson, BookingKeys keys, ReservationProperties properties, MeterRegistry meters) {
        this.redisson = redisson;
        this.keys = keys;
        this.waitMillis = properties.lockWait().toMillis();
        this.leaseMillis = properties.lockLease().toMillis();
        this.lockWait = Timer.builder("booking.lock.wait").description("Time spent waiting for the user/event lock")
                .publishPercentileHistogram().register(meters);
    }

    /** The action's answer, or RATE_LIMITED when another request of the user held the lock too long. */
    public <T> Result<T> run(long eventId, String userId, Supplier<Result<T>> action) {
        RLock lock = redisson.getLock(keys.bookingLock(eventId, userId));
        long started = System.nanoTime();
        boolean locked;
        try {
            locked = lock.tryLock(waitMillis, leaseMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ApiException.unavailable("Booking lock", e);
        }
        lockWait.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
        if (!locked) {
            return Result.refused(ErrorCode.RATE_LIMITED, BUSY);
        }
        try {
            return action.get();
        } finally {
            release(lock, eventId, userId);
        }
    }

    /**
     * Sends the release before the answer goes out, without waiting for Redis's reply: the answer
     * waits for one round trip to Redis (the acquire) instead of two (docs/benchmarks.md, lever 13).
     * The same client's next request may still reach Redis before the release does; it then waits
     * for the unlock message that the release publishes, as for any holder.
     */
    private void release(RLock lock, long eventId, String userId) {
        lock.unlockAsync().whenComplete((released, failure) -> {
            if (failure != null) {
                // the lock vanished with Redis's data (restart, FLUSHALL) or Redis is away: the
                // work is done either way, and the lease frees it at the latest
                log.warn("The lock for user {} and event {} could not be released: {}", userId, eventId,
                        failure.toString());
            }
        });
    }
}
