package dev.seatbooking.worker.booking;

import dev.seatbooking.common.messaging.BookingOutcome;

/** What became of one command, and so what happens to its message. */
public sealed interface Verdict {

    /**
     * PostgreSQL's answer, committed (or found committed by an earlier delivery): reply, then ack.
     * {@code announce}: also publish it on the outcome exchange, because it is a booking's state.
     */
    record Answered(BookingOutcome outcome, boolean announce) implements Verdict {
    }

    /**
     * The command can never succeed (no such event, values the schema refuses): the sender hears
     * why, the message goes to the dead-letter queue, nothing was stored.
     */
    record Unprocessable(BookingOutcome outcome) implements Verdict {
    }

    /** PostgreSQL was unavailable: nothing was decided, the message goes back to the queue. */
    record Retry(RuntimeException cause) implements Verdict {
    }
}
