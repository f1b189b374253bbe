package dev.seatbooking.booking.waitlist;

import java.time.Instant;

/**
 * A waiting-list entry as the API shows it. {@code position} (1 = next) only while WAITING;
 * {@code holdId} once an offer was made, {@code offerExpiresAt} while it is open.
 */
public record WaitlistEntryView(long id, long eventId, String userId, int quantity, Status status, Integer position,
        Long holdId, Instant offerExpiresAt, Instant createdAt) {

    /**
     * WAITING, then OFFERED (an offer is open), and in the end ACCEPTED (its hold confirmed), EXPIRED
     * (the offer ran out) or LEFT (the user left the list, or declined the offer by releasing its hold).
     */
    public enum Status { WAITING, OFFERED, ACCEPTED, EXPIRED, LEFT }

    /** The body of every waiting-list answer, as the contract wraps single resources. */
    public record Response(boolean success, WaitlistEntryView entry) {

        public Response(WaitlistEntryView entry) {
            this(true, entry);
        }
    }
}
