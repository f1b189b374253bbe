package dev.seatbooking.common.booking;

/**
 * PENDING exists only until queue-worker commits the row; PostgreSQL stores the other three.
 * Only CONFIRMED bookings hold a seat.
 */
public enum BookingStatus {
    PENDING, CONFIRMED, CANCELLED, REJECTED
}
