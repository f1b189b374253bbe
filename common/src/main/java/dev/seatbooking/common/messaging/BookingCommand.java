package dev.seatbooking.common.messaging;

import java.time.Instant;

/**
 * "Persist this booking": sent by booking-service once cache-service holds the seat. The id is
 * already chosen, which makes a redelivered command idempotent for queue-worker.
 */
public record BookingCommand(long bookingId, long eventId, String userId, String idempotencyKey, Instant createdAt) {
}
