package dev.seatbooking.common.messaging;

import java.time.Instant;

import dev.seatbooking.common.booking.Booking;
import dev.seatbooking.common.booking.BookingStatus;

/**
 * What queue-worker committed for a command: the reply to booking-service and the event that
 * cache-service follows. {@code reason} is set for REJECTED bookings and for a cancel of a booking
 * that was not live ({@code status} then tells what it is).
 */
public record BookingOutcome(long bookingId, long eventId, String userId, BookingStatus status, String reason,
        Instant createdAt) {

    public static BookingOutcome of(Booking booking) {
        return new BookingOutcome(booking.getId(), booking.getEventId(), booking.getUserId(), booking.getStatus(),
                booking.getReason(), booking.getCreatedAt());
    }
}
