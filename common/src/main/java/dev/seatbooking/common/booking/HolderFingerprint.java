package dev.seatbooking.common.booking;

/**
 * The live holders of an event in brief: how many, the sum of their claims' ids and of their seats.
 * Two stores that agree on all three almost surely hold the same claims (a stale holder and a missing
 * one would have to carry the same id and seats to cancel out), which spares reconciliation from
 * comparing them one by one.
 */
public record HolderFingerprint(long holders, long bookingIdSum, long seats) {
}
