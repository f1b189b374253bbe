package dev.seatbooking.common.messaging;

import java.time.Instant;

/**
 * "Persist this claim": sent by booking-service once cache-service holds its seats. A reserve is
 * stored CONFIRMED; a hold ({@code expiresAt} set) HELD until then. The id is already chosen, which
 * makes a redelivered command idempotent for queue-worker. {@code traceparent} is the request's trace
 * (W3C), which queue-worker continues for this command although it arrives in a batch of many
 * requests' commands ({@link dev.seatbooking.common.tracing.BatchedTraces}); null outside a trace.
 */
public record BookingCommand(long bookingId, long eventId, String userId, int quantity, Instant expiresAt,
        String idempotencyKey, Instant createdAt, String traceparent) {
}
