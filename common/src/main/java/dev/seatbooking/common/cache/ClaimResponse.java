package dev.seatbooking.common.cache;

/**
 * What became of a claim. {@code bookingId}: the booking that holds the seats (this one when HELD,
 * the user's existing one when ALREADY_BOOKED). {@code holdTtlSeconds}: how long the event keeps a
 * hold (HELD). {@code available}: the seats left (NOT_ENOUGH_SEATS). {@code maxPerUser}: the event's
 * limit (LIMIT_EXCEEDED).
 */
public record ClaimResponse(ClaimResult result, Long bookingId, Integer holdTtlSeconds, Integer available,
        Integer maxPerUser) {

    public static ClaimResponse of(ClaimResult result) {
        return new ClaimResponse(result, null, null, null, null);
    }
}
