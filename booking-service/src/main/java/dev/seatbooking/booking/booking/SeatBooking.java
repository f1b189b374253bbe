package dev.seatbooking.booking.booking;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Optional;

import dev.seatbooking.common.api.BookingView;
import dev.seatbooking.common.booking.BookingStatus;
import dev.seatbooking.common.cache.HoldRequest;
import dev.seatbooking.common.error.ApiException;
import dev.seatbooking.common.error.ErrorCode;
import dev.seatbooking.common.error.Result;
import dev.seatbooking.common.messaging.BookingCommand;
import dev.seatbooking.common.messaging.BookingOutcome;
import dev.seatbooking.common.tracing.BatchedTraces;
import org.springframework.stereotype.Component;

/**
 * One seat booked for one user, once admitted (rate limit, lock, idempotency: see
 * {@link ReservationManager}): the seat is held atomically in Redis by cache-service, the booking
 * command goes to RabbitMQ with a publisher confirm, and queue-worker's commit is awaited for a
 * bounded time. Nothing is left half-done: a command RabbitMQ did not take gives its seat back and
 * is a 503, and a booking PostgreSQL refused gives its seat back and is the refusal it implies.
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

    Result<Reservation> book(long eventId, String userId, String idempotencyKey) {
        long bookingId = ids.nextId();
        Instant createdAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
        // hold and command travel in batches of many requests: each carries its request's trace
        String traceparent = traces.current();
        return holds.hold(new HoldRequest(eventId, bookingId, userId, createdAt, traceparent))
                .flatMap(held -> commit(new BookingCommand(bookingId, eventId, userId, idempotencyKey, createdAt,
                        traceparent)));
    }

    private Result<Reservation> commit(BookingCommand command) {
        Optional<BookingOutcome> outcome;
        try {
            outcome = commands.book(command);
        } catch (ApiException e) {
            holds.release(command.eventId(), command.bookingId(), command.userId());
            throw e;
        }
        if (outcome.isEmpty()) {
            holds.keepWhileQueued(command.bookingId());
            return Result.ok(new Reservation(new BookingView(command.bookingId(), command.eventId(), command.userId(),
                    BookingStatus.PENDING, null, command.createdAt())));
        }
        return switch (outcome.get().status()) {
            case CONFIRMED -> Result.ok(new Reservation(new BookingView(command.bookingId(), command.eventId(),
                    command.userId(), BookingStatus.CONFIRMED, null, outcome.get().createdAt())));
            // PostgreSQL refused what Redis allowed (Redis was behind): its verdict stands, and the
            // seat is given back now rather than when cache-service sees the outcome event
            case REJECTED -> {
                holds.release(command.eventId(), command.bookingId(), command.userId());
                yield rejected(outcome.get().reason());
            }
            default -> throw new IllegalStateException("Unexpected outcome " + outcome.get().status());
        };
    }

    /** The client hears the rule PostgreSQL enforced; any other reason is our fault, not theirs. */
    private static Result<Reservation> rejected(String reason) {
        ErrorCode code = Arrays.stream(ErrorCode.values()).filter(c -> c.name().equals(reason)).findFirst()
                .orElse(ErrorCode.INTERNAL_ERROR);
        if (code == ErrorCode.INTERNAL_ERROR) {
            throw new ApiException(code, "The booking was rejected: " + reason);
        }
        return Result.refused(code, "The booking was rejected: " + reason);
    }
}
