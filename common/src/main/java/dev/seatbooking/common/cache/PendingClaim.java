package dev.seatbooking.common.cache;

import java.time.Instant;

/**
 * Seats held in Redis for a claim (a reserve, a hold, or an expired hold's seats taken back for its
 * confirmation) that queue-worker has not committed yet. {@code holdTtlSeconds}: the event's hold
 * lifetime when the claim was admitted, from which a hold's expiry follows.
 */
public record PendingClaim(long bookingId, long eventId, String userId, int quantity, ClaimKind kind,
        Instant createdAt, int holdTtlSeconds) {

    public Instant expiresAt() {
        return createdAt.plusSeconds(holdTtlSeconds);
    }
}
