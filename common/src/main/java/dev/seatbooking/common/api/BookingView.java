package dev.seatbooking.common.api;

import java.time.Instant;

import dev.seatbooking.common.booking.Booking;
import dev.seatbooking.common.booking.BookingStatus;
import dev.seatbooking.common.cache.PendingHold;

/** A booking as clients see it; {@code reason} only for REJECTED bookings. */
public record BookingView(long id, long eventId, String userId, BookingStatus status, String reason,
        Instant createdAt) {

    public static BookingView of(Booking booking) {
        return new BookingView(booking.getId(), booking.getEventId(), booking.getUserId(), booking.getStatus(),
                booking.getReason(), booking.getCreatedAt());
    }

    public static BookingView pending(PendingHold hold) {
        return new BookingView(hold.bookingId(), hold.eventId(), hold.userId(), BookingStatus.PENDING, null,
                hold.createdAt());
    }
}
