package dev.seatbooking.common.cache;

public enum ClaimResult {
    /** the seats are now held for this booking */
    HELD,
    /** the user already holds seats of this event (bookingId of the response names the claim) */
    ALREADY_BOOKED,
    /** no seat is left */
    SOLD_OUT,
    /** fewer seats are left than asked for (available says how many) */
    NOT_ENOUGH_SEATS,
    /** more seats than one user may have of this event (maxPerUser says how many) */
    LIMIT_EXCEEDED,
    /** before the sales window opens, or the event is PAUSED */
    SALES_NOT_OPEN,
    /** after the sales window closed, or the event is CLOSED */
    SALES_CLOSED,
    EVENT_NOT_FOUND,
    /**
     * the event's seat state could not be loaded into Redis (PostgreSQL unreachable, a recovery that
     * did not finish in time): nothing was held, and the client may retry
     */
    UNAVAILABLE
}
