package dev.seatbooking.common.booking;

/** A user holding {@code quantity} seats of an event, through the given claim (a hold or a booking). */
public record SeatHolder(String userId, long bookingId, int quantity) {
}
