package dev.seatbooking.common.api;

import java.time.Instant;

import dev.seatbooking.common.booking.Booking;
import dev.seatbooking.common.booking.BookingStatus;
import dev.seatbooking.common.booking.Origin;
import dev.seatbooking.common.cache.PendingClaim;

/**
 * A booking as clients see it: PENDING (in flight), CONFIRMED, CANCELLED or REJECTED (with its
 * {@code reason}). {@code holdId}: the hold it was confirmed from (the same id), absent for a reserve.
 */
public record BookingView(long id, long eventId, String userId, int quantity, BookingStatus status, String reason,
        Long holdId, Instant createdAt) {

    public static BookingView of(Booking booking) {
        return new BookingView(booking.getId(), booking.getEventId(), booking.getUserId(), booking.getQuantity(),
                booking.getStatus(), booking.getReason(), booking.getOrigin() == Origin.HOLD ? booking.getId() : null,
                booking.getCreatedAt());
    }

    public static BookingView pending(PendingClaim claim, Long holdId) {
        return new BookingView(claim.bookingId(), claim.eventId(), claim.userId(), claim.quantity(),
                BookingStatus.PENDING, null, holdId, claim.createdAt());
    }

    /** Whether a claim in this state is a booking (and not a hold that is still, or never became, one). */
    public static boolean isBooking(BookingStatus status) {
        return status == BookingStatus.CONFIRMED || status == BookingStatus.CANCELLED
                || status == BookingStatus.REJECTED;
    }
}
