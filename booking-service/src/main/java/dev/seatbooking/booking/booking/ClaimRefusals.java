package dev.seatbooking.booking.booking;

import dev.seatbooking.common.error.ErrorCode;
import dev.seatbooking.common.error.Result;

/**
 * The refusals of an event's rules as a client hears them, the same wherever a rule refuses: a hold
 * or reserve (decided by the hold script), or a join of the waiting list (decided from PostgreSQL).
 */
public final class ClaimRefusals {

    private ClaimRefusals() {
    }

    public static <T> Result<T> limitExceeded(long eventId, int maxPerUser) {
        return Result.refused(ErrorCode.LIMIT_EXCEEDED, "At most " + maxPerUser + " seats per user for event " + eventId,
                "max_per_user", maxPerUser);
    }

    public static <T> Result<T> salesClosed(long eventId) {
        return Result.refused(ErrorCode.SALES_CLOSED, "Sales for event " + eventId + " are closed");
    }

    /** The user has a live hold or booking of the event already. */
    public static <T> Result<T> alreadyClaimed(long eventId) {
        return Result.refused(ErrorCode.ALREADY_BOOKED, "This user already has a hold or a booking for event " + eventId);
    }
}
