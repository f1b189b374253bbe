package dev.seatbooking.common.cache;

public enum HoldResult {
    /** the seat is now held for this booking */
    HELD,
    /** the user already holds a seat of this event (bookingId of the response names it) */
    ALREADY_BOOKED,
    SOLD_OUT,
    EVENT_NOT_FOUND
}
