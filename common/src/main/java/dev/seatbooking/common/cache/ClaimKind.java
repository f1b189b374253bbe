package dev.seatbooking.common.cache;

/**
 * What a claim on seats is for. A RESERVE books at once, a HOLD keeps the seats while the buyer
 * pays; both are admitted under the event's rules (its sales window and status, seats per user).
 * A RETAKE takes the seats of an expired hold back for its confirmation, if they are free: the hold
 * was admitted under those rules already.
 */
public enum ClaimKind {
    RESERVE, HOLD, RETAKE
}
