package dev.seatbooking.booking.booking;

import java.util.Optional;

import dev.seatbooking.booking.cache.CacheServiceClient;
import dev.seatbooking.common.api.BookingView;
import dev.seatbooking.common.booking.Booking;
import dev.seatbooking.common.booking.BookingRepository;
import dev.seatbooking.common.booking.BookingStatus;
import dev.seatbooking.common.cache.ClaimKind;
import dev.seatbooking.common.error.ErrorCode;
import dev.seatbooking.common.error.Result;
import dev.seatbooking.common.messaging.BookingOutcome;
import dev.seatbooking.common.messaging.CancelCommand;
import org.springframework.stereotype.Service;

/**
 * A user cancelling their own booking (a hold that is not confirmed is released instead, and is no
 * booking to cancel). It runs under the same (event, user) lock as a reserve, so the two never
 * interleave; queue-worker marks the booking CANCELLED and gives all its seats back to the event's
 * count in one transaction (which offers them to the event's waiting list first), and the seats are
 * freed in Redis at once, unless the event has a waiting list (then, and should the release fail,
 * cache-service frees them when it sees the outcome).
 */
@Service
public class Cancellations {

    /** What a cancel came to: committed (200), or queued and not committed within the wait (202). */
    public enum Cancellation { COMMITTED, QUEUED }

    private final BookingRepository bookings;
    private final CacheServiceClient cache;
    private final UserEventLock lock;
    private final CommandRoundTrip commands;
    private final SeatHolds holds;

    Cancellations(BookingRepository bookings, CacheServiceClient cache, UserEventLock lock, CommandRoundTrip commands,
            SeatHolds holds) {
        this.bookings = bookings;
        this.cache = cache;
        this.lock = lock;
        this.commands = commands;
        this.holds = holds;
    }

    /** Someone else's booking is BOOKING_NOT_FOUND, as if it did not exist. */
    public Result<Cancellation> cancel(long bookingId, String userId) {
        Optional<Booking> booking = bookings.findById(bookingId).filter(found -> found.getUserId().equals(userId))
                .filter(found -> BookingView.isBooking(found.getStatus()));
        if (booking.isEmpty()) {
            boolean pending = cache.pendingClaim(bookingId)
                    .filter(claim -> claim.kind() == ClaimKind.RESERVE && claim.userId().equals(userId)).isPresent();
            return pending
                    ? Result.refused(ErrorCode.BOOKING_PENDING, "The booking is not committed yet, please retry shortly")
                    : bookingNotFound(bookingId);
        }
        long eventId = booking.get().getEventId();
        return lock.run(eventId, userId, () -> cancelLocked(bookingId, eventId, userId));
    }

    private Result<Cancellation> cancelLocked(long bookingId, long eventId, String userId) {
        // read again under the lock: a cancel that ran meanwhile is seen
        switch (bookings.findById(bookingId).map(Booking::getStatus).orElseThrow()) {
            case CANCELLED -> {
                return Result.refused(ErrorCode.ALREADY_CANCELLED, "The booking is already cancelled");
            }
            case REJECTED -> {
                return Result.refused(ErrorCode.BOOKING_NOT_ACTIVE, "A rejected booking cannot be cancelled");
            }
            default -> {
                // live: cancel it below
            }
        }
        // a cancel RabbitMQ did not take changed nothing, so there is nothing to undo
        Optional<BookingOutcome> outcome = commands.cancel(new CancelCommand(bookingId, userId));
        if (outcome.isEmpty()) {
            return Result.ok(Cancellation.QUEUED);
        }
        if (outcome.get().status() != BookingStatus.CANCELLED) {
            return Result.refused(ErrorCode.BOOKING_NOT_ACTIVE, "The booking could not be cancelled");
        }
        holds.releaseCommitted(eventId, bookingId, userId);
        return Result.ok(Cancellation.COMMITTED);
    }

    public static <T> Result<T> bookingNotFound(long bookingId) {
        return Result.refused(ErrorCode.BOOKING_NOT_FOUND, "Booking " + bookingId + " not found");
    }
}
