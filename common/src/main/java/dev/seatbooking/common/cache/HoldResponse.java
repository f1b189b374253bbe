package dev.seatbooking.common.cache;

/** The hold's outcome; {@code bookingId} is the booking that holds the seat (new or existing). */
public record HoldResponse(HoldResult result, Long bookingId) {
}
