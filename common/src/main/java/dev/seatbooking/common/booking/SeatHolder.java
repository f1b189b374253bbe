package dev.seatbooking.common.booking;

/** A user holding a seat of an event, through the given booking. */
public record SeatHolder(String userId, long bookingId) {
}
