package dev.seatbooking.common.messaging;

import java.time.Instant;

import dev.seatbooking.common.booking.Booking;
import dev.seatbooking.common.booking.BookingStatus;

/**
 * What queue-worker committed for a command: the reply to booking-service and the event that
 * cache-service follows. {@code reason} is set for REJECTED claims and for a command that found its
 * claim in another state ({@code status} then tells which). {@code expiresAt}: a hold's expiry.
 */
public record BookingOutcome(long bookingId, long eventId, String userId, int quantity, BookingStatus status,
        String reason, Instant createdAt, Instant expiresAt) {

    public static BookingOutcome of(Booking booking) {
        return new BookingOutcome(booking.getId(), booking.getEventId(), booking.getUserId(), booking.getQuantity(),
                booking.getStatus(), booking.getReason(), booking.getCreatedAt(), booking.getExpiresAt());
    }
}
