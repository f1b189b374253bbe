package dev.seatbooking.booking.booking;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Optional;

import dev.seatbooking.common.booking.BookingStatus;
import dev.seatbooking.common.cache.ClaimKind;
import dev.seatbooking.common.cache.ClaimRequest;
import dev.seatbooking.common.error.ApiException;
import dev.seatbooking.common.error.ErrorCode;
import dev.seatbooking.common.error.Result;
import dev.seatbooking.common.messaging.BookingCommand;
import dev.seatbooking.common.messaging.BookingOutcome;
import dev.seatbooking.common.tracing.BatchedTraces;
import org.springframework.stereotype.Component;

/**
 * Seats claimed for one user, once admitted (rate limit, lock, idempotency: see
 * {@link ReservationManager}): they are held atomically in Redis by cache-service, the claim's
 * command goes to RabbitMQ with a publisher confirm, and queue-worker's commit is awaited for a
 * bounded time. A reserve is committed as a booking, a hold as a hold that expires after the
 * event's hold lifetime. Nothing is left half-done: a command RabbitMQ did not take gives its seats
 * back and is a 503, and a claim PostgreSQL refused gives its seats back and is the refusal it implies.
 */
@Component
class SeatBooking {

    private final BookingIdAllocator ids;
    private final SeatHolds holds;
    private final CommandRoundTrip commands;
    private final BatchedTraces traces;

    SeatBooking(BookingIdAllocator ids, SeatHolds holds, CommandRoundTrip commands, BatchedTraces traces) {
        this.ids = ids;
        this.holds = holds;
        this.commands = commands;
        this.traces = traces;
    }

    /** @param kind RESERVE or HOLD */
    Result<Claim> claim(long eventId, String userId, int quantity, ClaimKind kind, String idempotencyKey) {
        long bookingId = ids.nextId();
        Instant createdAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
        // the claim and its command travel in batches of many requests: each carries its request's trace
        String traceparent = traces.current();
        return holds.hold(new ClaimRequest(eventId, bookingId, userId, quantity, kind, createdAt, traceparent))
                .flatMap(held -> commit(new BookingCommand(bookingId, eventId, userId, quantity,
                        kind == ClaimKind.HOLD ? createdAt.plusSeconds(held.holdTtlSeconds()) : null, idempotencyKey,
                        createdAt, traceparent)));
    }

    private Result<Claim> commit(BookingCommand command) {
        Optional<BookingOutcome> outcome;
        try {
            outcome = commands.book(command);
        } catch (ApiException e) {
            holds.release(command.eventId(), command.bookingId(), command.userId());
            throw e;
        }
        if (outcome.isEmpty()) {
            holds.keepWhileQueued(command.bookingId());
            return Result.ok(new Claim(command, null));
        }
        if (outcome.get().status() == BookingStatus.REJECTED) {
            // PostgreSQL refused what Redis allowed (Redis was behind): its verdict stands, and the
            // seats are given back now rather than when cache-service sees the outcome event
            holds.release(command.eventId(), command.bookingId(), command.userId());
            return rejected(outcome.get().reason());
        }
        // committed; a hold whose reply came late may have ended already, as reading it shows
        return Result.ok(new Claim(command, outcome.get()));
    }

    /** The client hears the rule PostgreSQL enforced; any other reason is our fault, not theirs. */
    private static Result<Claim> rejected(String reason) {
        ErrorCode code = Arrays.stream(ErrorCode.values()).filter(c -> c.name().equals(reason)).findFirst()
                .orElse(ErrorCode.INTERNAL_ERROR);
        if (code == ErrorCode.INTERNAL_ERROR) {
            throw new ApiException(code, "The booking was rejected: " + reason);
        }
        return Result.refused(code, "The booking was rejected: " + reason);
    }
}
