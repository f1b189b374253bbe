package dev.seatbooking.common.booking;

/**
 * The live holders of an event in brief: how many, and the sum of their booking ids. Two stores that
 * agree on both almost surely hold the same bookings (a stale holder and a missing one would have to
 * carry the same booking id to cancel out), which spares reconciliation from comparing them one by one.
 */
public record HolderFingerprint(long holders, long bookingIdSum) {
}
