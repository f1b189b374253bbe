package dev.seatbooking.booking.booking;

import dev.seatbooking.common.api.BookingView;
import dev.seatbooking.common.booking.BookingStatus;

/** A successful reserve: committed (201) or still PENDING in the queue (202). */
record Reservation(BookingView booking) {

    static Reservation of(Claim claim) {
        BookingStatus status = claim.committed() ? claim.outcome().status() : BookingStatus.PENDING;
        return new Reservation(new BookingView(claim.command().bookingId(), claim.command().eventId(),
                claim.command().userId(), claim.command().quantity(), status, null, null,
                claim.committed() ? claim.outcome().createdAt() : claim.command().createdAt()));
    }

    boolean committed() {
        return booking.status() != BookingStatus.PENDING;
    }
}
