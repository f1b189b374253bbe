package dev.seatbooking.common.api;

import java.time.Instant;

import dev.seatbooking.common.booking.Booking;
import dev.seatbooking.common.booking.BookingStatus;
import dev.seatbooking.common.cache.PendingClaim;

/**
 * A hold as clients see it. {@code status}: HELD until {@code expiresAt}, then CONFIRMED (its
 * booking, of the same id, exists, whatever became of it since), RELEASED or EXPIRED; PENDING while
 * it is accepted but not committed yet; REJECTED (with {@code reason}) when PostgreSQL refused a hold
 * that was answered PENDING.
 */
public record HoldView(long id, long eventId, String userId, int quantity, HoldStatus status, String reason,
        Instant expiresAt, Instant createdAt) {

    public enum HoldStatus { PENDING, HELD, CONFIRMED, EXPIRED, RELEASED, REJECTED }

    public static HoldView of(Booking hold) {
        return new HoldView(hold.getId(), hold.getEventId(), hold.getUserId(), hold.getQuantity(),
                statusOf(hold.getStatus()), hold.getReason(), hold.getExpiresAt(), hold.getCreatedAt());
    }

    public static HoldView pending(PendingClaim claim, Instant expiresAt) {
        return new HoldView(claim.bookingId(), claim.eventId(), claim.userId(), claim.quantity(), HoldStatus.PENDING,
                null, expiresAt, claim.createdAt());
    }

    /** A booking cancelled after its hold was confirmed: the hold itself ended CONFIRMED. */
    public static HoldStatus statusOf(BookingStatus status) {
        return switch (status) {
            case PENDING -> HoldStatus.PENDING;
            case HELD -> HoldStatus.HELD;
            case CONFIRMED, CANCELLED -> HoldStatus.CONFIRMED;
            case EXPIRED -> HoldStatus.EXPIRED;
            case RELEASED -> HoldStatus.RELEASED;
            case REJECTED -> HoldStatus.REJECTED;
        };
    }
}
