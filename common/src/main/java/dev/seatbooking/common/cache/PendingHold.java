package dev.seatbooking.common.cache;

import java.time.Instant;

/** A seat held for a booking that queue-worker has not committed yet. */
public record PendingHold(long bookingId, long eventId, String userId, Instant createdAt) {
}
