package dev.seatbooking.common.messaging;

/** "Cancel this booking if that user holds it". */
public record CancelCommand(long bookingId, String userId) {
}
