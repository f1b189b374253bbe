package dev.seatbooking.common.cache;

/** booking-service asks cache-service to hold one seat of an event for a user, under a booking id. */
public record HoldRequest(long bookingId, String userId, java.time.Instant createdAt) {
}
