package dev.seatbooking.booking.booking;

import dev.seatbooking.common.api.HoldView;

/**
 * A hold taken: committed (201), HELD or, when its reply came late, the state it has reached since;
 * or still PENDING in the queue (202).
 */
record HoldCreation(HoldView hold) {

    static HoldCreation of(Claim claim) {
        HoldView.HoldStatus status = claim.committed() ? HoldView.statusOf(claim.outcome().status())
                : HoldView.HoldStatus.PENDING;
        return new HoldCreation(new HoldView(claim.command().bookingId(), claim.command().eventId(),
                claim.command().userId(), claim.command().quantity(), status, null, claim.command().expiresAt(),
                claim.command().createdAt()));
    }

    boolean committed() {
        return hold.status() != HoldView.HoldStatus.PENDING;
    }
}
