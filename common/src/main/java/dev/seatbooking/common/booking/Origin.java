package dev.seatbooking.common.booking;

/** How a claim came to be: a reserve (booked at once) or a hold (held first, then confirmed or not). */
public enum Origin {
    RESERVE, HOLD
}
