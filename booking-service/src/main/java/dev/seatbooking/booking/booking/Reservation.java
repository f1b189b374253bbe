package dev.seatbooking.booking.booking;

import dev.seatbooking.common.api.BookingView;
import dev.seatbooking.common.booking.BookingStatus;

/** A successful reserve: committed (201) or still PENDING in the queue (202). */
record Reservation(BookingView booking) {

    boolean committed() {
        return booking.status() != BookingStatus.PENDING;
    }
}
