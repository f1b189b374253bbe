package dev.seatbooking.common.messaging;

/**
 * The end of a hold, for queue-worker to commit: each applies only to a hold in the states it
 * names, so two ends racing for one hold (a release and a confirm, two confirms) cannot both happen,
 * and a late or repeated one changes nothing. The one exception is wanted: a confirm after the
 * hold's expiry still confirms it.
 */
public sealed interface HoldCommand {

    long holdId();

    /** Whose hold it must be for the command to apply; null for an expiry, which applies to anyone's. */
    String userId();

    /**
     * The buyer paid: the hold becomes a booking of its seats, also if it expired meanwhile:
     * booking-service sends this only once Redis gave the hold its seats (kept them, or took them
     * again while they were free), and PostgreSQL's capacity CHECK still has the last word.
     */
    record Confirm(long holdId, String userId) implements HoldCommand {
    }

    /** The buyer gave the seats back. */
    record Release(long holdId, String userId) implements HoldCommand {
    }

    /** Its time is up; applies only once {@code expires_at} has passed, whoever sends it. */
    record Expire(long holdId) implements HoldCommand {

        @Override
        public String userId() {
            return null;
        }
    }
}
