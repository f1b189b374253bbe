package dev.seatbooking.common.cache;

public enum HoldResult {
    /** the seat is now held for this booking */
    HELD,
    /** the user already holds a seat of this event (bookingId of the response names it) */
    ALREADY_BOOKED,
    SOLD_OUT,
    EVENT_NOT_FOUND,
    /**
     * the event's seat state could not be loaded into Redis (PostgreSQL unreachable, a recovery that
     * did not finish in time): nothing was held, and the client may retry
     */
    UNAVAILABLE
}
