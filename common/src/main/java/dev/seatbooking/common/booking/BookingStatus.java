package dev.seatbooking.common.booking;

/**
 * Where a claim on seats stands. PENDING exists only until queue-worker commits the row (a claim
 * in flight, known to Redis only); PostgreSQL stores the others. HELD (a hold) and CONFIRMED (a
 * booking) hold seats; a hold ends once, CONFIRMED, RELEASED or EXPIRED; a booking may be CANCELLED;
 * REJECTED is PostgreSQL's refusal of a claim Redis had admitted.
 */
public enum BookingStatus {
    PENDING, HELD, CONFIRMED, CANCELLED, REJECTED, EXPIRED, RELEASED;

    /** Whether a claim in this state holds its seats. */
    public boolean live() {
        return this == HELD || this == CONFIRMED;
    }
}
