package dev.seatbooking.common.cache;

/**
 * Frees the user's seat only if it is still held by this booking, so a late release can never
 * free the seat of a newer booking the user made after cancelling.
 */
public record ReleaseRequest(long bookingId, String userId) {
}
