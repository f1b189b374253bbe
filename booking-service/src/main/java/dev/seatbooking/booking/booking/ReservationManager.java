package dev.seatbooking.booking.booking;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import dev.seatbooking.booking.cache.CacheServiceClient;
import dev.seatbooking.booking.ratelimit.ReserveRateLimiter;
import dev.seatbooking.common.api.BookingView;
import dev.seatbooking.common.booking.Booking;
import dev.seatbooking.common.booking.BookingRepository;
import dev.seatbooking.common.booking.BookingStatus;
import dev.seatbooking.common.cache.HoldRequest;
import dev.seatbooking.common.cache.HoldResponse;
import dev.seatbooking.common.cache.RedisKeys;
import dev.seatbooking.common.cache.ReleaseRequest;
import dev.seatbooking.common.error.ApiException;
import dev.seatbooking.common.error.ErrorCode;
import dev.seatbooking.common.messaging.BookingCommand;
import dev.seatbooking.common.messaging.BookingOutcome;
import dev.seatbooking.common.messaging.CancelCommand;
import dev.seatbooking.common.tracing.BatchedTraces;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.redisson.api.RLock;
import org.redisson.api.RedissonClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * The reservation flow, in one place. For one user and one event, reserve and cancel run under a
 * Redisson lock, so they never interleave. A reserve takes the seat atomically in Redis
 * (cache-service's Lua script), sends the booking command to RabbitMQ with a publisher confirm,
 * and waits a bounded time for queue-worker's commit: 201 when it came, 202 (PENDING) when not.
 * A command RabbitMQ did not take gives its seat back and answers 503, so nothing is half-done.
 * Holds and commands of concurrent reservations travel in batches (see {@link CommandPublisher}
 * and {@link CacheServiceClient}); each reservation still gets its own answer for each step.
 */
@Service
public class ReservationManager {

    private static final Logger log = LoggerFactory.getLogger(ReservationManager.class);

    private final RedissonClient redisson;
    private final RedisKeys keys;
    private final BookingIdAllocator ids;
    private final CacheServiceClient cache;
    private final CommandPublisher commands;
    private final BookingRepository bookings;
    private final IdempotencyStore idempotency;
    private final SoldOutEvents soldOut;
    private final ReserveRateLimiter rateLimiter;
    private final ReservationProperties properties;
    private final BatchedTraces traces;
    private final MeterRegistry meters;
    private final Timer lockWait;
    private final Map<String, Counter> outcomes = new ConcurrentHashMap<>();

    ReservationManager(RedissonClient redisson, RedisKeys keys, BookingIdAllocator ids, CacheServiceClient cache,
            CommandPublisher commands, BookingRepository bookings, IdempotencyStore idempotency,
            SoldOutEvents soldOut, ReserveRateLimiter rateLimiter, ReservationProperties properties,
            BatchedTraces traces, MeterRegistry meters) {
        this.redisson = redisson;
        this.keys = keys;
        this.ids = ids;
        this.cache = cache;
        this.commands = commands;
        this.bookings = bookings;
        this.idempotency = idempotency;
        this.soldOut = soldOut;
        this.rateLimiter = rateLimiter;
        this.properties = properties;
        this.traces = traces;
        this.meters = meters;
        this.lockWait = Timer.builder("booking.lock.wait").description("Time spent waiting for the user/event lock")
                .publishPercentileHistogram().register(meters);
    }

    /**
     * The answer a reserve gets without any work, if it has one: SOLD_OUT while this instance knows
     * the event is full. It is returned, not thrown, since after a sell-out it is the answer to almost
     * every request, and a thrown exception costs more than everything else the answer takes
     * (Spring MVC wraps it in an InvocationTargetException and searches for its handler). A keyed
     * request may be the replay of an earlier success, so it always goes the full way.
     */
    public Optional<ApiException> answerWithoutWork(long eventId, String idempotencyKey) {
        if (idempotencyKey == null && soldOut.isSoldOut(eventId)) {
            count(ErrorCode.SOLD_OUT.name());
            return Optional.of(soldOutError(eventId));
        }
        return Optional.empty();
    }

    /**
     * The full reserve, for a request that {@link #answerWithoutWork} had no answer for.
     *
     * @param clientAddress where the request came from, for its rate limit
     */
    public Reservation reserve(long eventId, String userId, String idempotencyKey, String clientAddress) {
        try {
            rateLimiter.admit(userId, clientAddress);
            Reservation reservation = underLock(eventId, userId, () -> idempotencyKey == null
                    ? reserveSeat(eventId, userId, null)
                    : reserveOnce(eventId, userId, idempotencyKey));
            count(reservation.committed() ? "CONFIRMED" : "PENDING");
            return reservation;
        } catch (ApiException e) {
            count(e.code().name());
            throw e;
        }
    }

    /** Reserve with an Idempotency-Key: the first answer for the key is the answer for every repeat. */
    private Reservation reserveOnce(long eventId, String userId, String key) {
        String fingerprint = eventId + "\n" + userId;
        IdempotencyStore.Entry earlier = idempotency.claim(key, fingerprint);
        if (earlier != null && !earlier.fingerprint().equals(fingerprint)) {
            throw new ApiException(ErrorCode.IDEMPOTENCY_KEY_REUSED,
                    "This Idempotency-Key was already used with a different request");
        }
        if (earlier != null && earlier.answered()) {
            return earlier.replay();
        }
        // A claim without an answer, seen under our lock, belongs to a request that died midway.
        try {
            Reservation reservation = reserveSeat(eventId, userId, key);
            idempotency.answer(key, fingerprint, reservation.booking());
            return reservation;
        } catch (ApiException e) {
            if (e.code().status().is4xxClientError() && e.code() != ErrorCode.RATE_LIMITED) {
                idempotency.answer(key, fingerprint, e);
            } else {
                idempotency.forget(key);
            }
            throw e;
        }
    }

    private Reservation reserveSeat(long eventId, String userId, String idempotencyKey) {
        long bookingId = ids.nextId();
        Instant createdAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
        // hold and command travel in batches of many requests: each carries its request's trace
        String traceparent = traces.current();
        HoldResponse hold = holdSeat(new HoldRequest(eventId, bookingId, userId, createdAt, traceparent));
        switch (hold.result()) {
            case EVENT_NOT_FOUND -> throw new ApiException(ErrorCode.EVENT_NOT_FOUND, "Event " + eventId + " does not exist");
            case SOLD_OUT -> {
                soldOut.mark(eventId);
                throw soldOutError(eventId);
            }
            case ALREADY_BOOKED -> throw new ApiException(ErrorCode.ALREADY_BOOKED,
                    "This user already holds a booking for event " + eventId);
            case UNAVAILABLE -> throw ApiException.unavailable("The seat state of event " + eventId, null);
            case HELD -> {
                // the seat is ours: hand the booking to queue-worker
            }
        }
        BookingCommand command = new BookingCommand(bookingId, eventId, userId, idempotencyKey, createdAt,
                traceparent);
        CompletableFuture<BookingOutcome> reply = accepted(commands.book(command),
                () -> releaseQuietly(eventId, new ReleaseRequest(bookingId, userId)));
        Optional<BookingOutcome> outcome = awaitCommit(reply);
        if (outcome.isEmpty()) {
            keepQueuedSeat(bookingId);
            return new Reservation(new BookingView(bookingId, eventId, userId, BookingStatus.PENDING, null, createdAt));
        }
        return switch (outcome.get().status()) {
            case CONFIRMED -> new Reservation(new BookingView(bookingId, eventId, userId,
                    BookingStatus.CONFIRMED, null, outcome.get().createdAt()));
            // PostgreSQL refused what Redis allowed (Redis was behind): its verdict stands, and the
            // seat is given back now rather than when cache-service sees the outcome event
            case REJECTED -> {
                releaseQuietly(eventId, new ReleaseRequest(bookingId, userId));
                throw rejected(outcome.get().reason());
            }
            default -> throw new IllegalStateException("Unexpected outcome " + outcome.get().status());
        };
    }

    /**
     * The command is queued but not committed within the wait: its seat must stay held as long as a
     * worker outage may last, not just the short TTL of a hold whose command may never have left.
     */
    private void keepQueuedSeat(long bookingId) {
        redisson.getKeys().expireAsync(keys.pendingHold(bookingId), properties.queuedHoldTtl().toMillis(),
                TimeUnit.MILLISECONDS).whenComplete((extended, e) -> {
                    if (e != null) {
                        log.warn("Booking {} keeps the short pending-hold TTL: {}", bookingId, e.toString());
                    }
                });
    }

    /**
     * Takes the seat in cache-service. When the call fails without an answer the hold may still
     * have happened, so it is released again (the release only frees a seat held by this id).
     */
    private HoldResponse holdSeat(HoldRequest request) {
        try {
            return cache.hold(request);
        } catch (ApiException e) {
            releaseQuietly(request.eventId(), new ReleaseRequest(request.bookingId(), request.userId()));
            throw e;
        }
    }

    /** Cancels a user's own live booking; returns false when the commit is still pending (202). */
    public boolean cancel(long bookingId, String userId) {
        Booking booking = bookings.findById(bookingId)
                .filter(found -> found.getUserId().equals(userId))
                .orElseThrow(() -> cache.pendingHold(bookingId).filter(hold -> hold.userId().equals(userId))
                        .map(hold -> new ApiException(ErrorCode.BOOKING_PENDING,
                                "The booking is not committed yet, please retry shortly"))
                        .orElseGet(() -> bookingNotFound(bookingId)));
        return underLock(booking.getEventId(), userId, () -> {
            switch (bookings.findById(bookingId).map(Booking::getStatus).orElseThrow()) {
                case CANCELLED -> throw new ApiException(ErrorCode.ALREADY_CANCELLED, "The booking is already cancelled");
                case REJECTED -> throw new ApiException(ErrorCode.BOOKING_NOT_ACTIVE,
                        "A rejected booking cannot be cancelled");
                default -> {
                    // live: cancel it below
                }
            }
            // a cancel RabbitMQ did not take changed nothing, so there is nothing to undo
            CompletableFuture<BookingOutcome> reply = accepted(commands.cancel(new CancelCommand(bookingId, userId)),
                    () -> {
                    });
            Optional<BookingOutcome> outcome = awaitCommit(reply);
            if (outcome.isEmpty()) {
                return false;
            }
            if (outcome.get().status() != BookingStatus.CANCELLED) {
                throw new ApiException(ErrorCode.BOOKING_NOT_ACTIVE, "The booking could not be cancelled");
            }
            // free the seat now rather than when cache-service sees the outcome event
            releaseQuietly(booking.getEventId(), new ReleaseRequest(bookingId, userId));
            return true;
        });
    }

    /** The client hears the rule PostgreSQL enforced; any other reason is our fault, not theirs. */
    private static ApiException rejected(String reason) {
        ErrorCode code = Arrays.stream(ErrorCode.values()).filter(c -> c.name().equals(reason)).findFirst()
                .orElse(ErrorCode.INTERNAL_ERROR);
        return new ApiException(code, "The booking was rejected: " + reason);
    }

    public static ApiException bookingNotFound(long bookingId) {
        return new ApiException(ErrorCode.BOOKING_NOT_FOUND, "Booking " + bookingId + " not found");
    }

    private static ApiException soldOutError(long eventId) {
        return new ApiException(ErrorCode.SOLD_OUT, "No seats left for event " + eventId);
    }

    private void releaseQuietly(long eventId, ReleaseRequest request) {
        soldOut.seatFreed(eventId);
        try {
            cache.release(eventId, request);
        } catch (ApiException e) {
            log.warn("Could not release the seat of booking {} now; it stays held until cache-service "
                    + "sees the booking's outcome or rebuilds the event", request.bookingId());
        }
    }

    /**
     * Waits until RabbitMQ has taken the command and returns the future of the worker's outcome. A
     * command RabbitMQ may not have (nack, return, timeout) is undone and answered 503.
     */
    private CompletableFuture<BookingOutcome> accepted(CompletableFuture<CompletableFuture<BookingOutcome>> sent,
            Runnable undo) {
        try {
            // the publisher's own timeout ends the wait; this bound only guards against a lost future
            return sent.get(2 * properties.publishConfirmTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            undo.run();
            throw ApiException.unavailable("The booking queue", e);
        } catch (ExecutionException | TimeoutException e) {
            undo.run();
            throw ApiException.unavailable("The booking queue", e);
        }
    }

    /** The worker's outcome, or empty when it did not come within the configured wait. */
    private Optional<BookingOutcome> awaitCommit(CompletableFuture<BookingOutcome> reply) {
        try {
            return Optional.of(reply.get(properties.confirmWait().toMillis(), TimeUnit.MILLISECONDS));
        } catch (TimeoutException | ExecutionException e) {
            // the command is durable in RabbitMQ: the booking will still be committed
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    private <T> T underLock(long eventId, String userId, Supplier<T> action) {
        RLock lock = redisson.getLock(keys.bookingLock(eventId, userId));
        long started = System.nanoTime();
        boolean locked;
        try {
            locked = lock.tryLock(properties.lockWait().toMillis(), properties.lockLease().toMillis(),
                    TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ApiException.unavailable("Booking lock", e);
        }
        lockWait.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
        if (!locked) {
            throw new ApiException(ErrorCode.RATE_LIMITED,
                    "Another request of this user for this event is still in progress");
        }
        try {
            return action.get();
        } finally {
            // released before the answer goes out: released later, the same client's next request
            // would find it still taken and wait for Redisson's unlock message
            try {
                lock.unlock();
            } catch (RuntimeException e) {
                // the lock vanished with Redis's data (restart, FLUSHALL) or Redis is away: the
                // work is done either way, the seat rule never depended on the lock, and the
                // lease frees it at the latest
                log.warn("The lock for user {} and event {} could not be released: {}", userId, eventId,
                        e.toString());
            }
        }
    }

    private void count(String outcome) {
        outcomes.computeIfAbsent(outcome, name -> meters.counter("booking.reservations", "outcome", name)).increment();
    }
}
