package dev.seatbooking.worker.booking;

import java.util.List;

import dev.seatbooking.common.messaging.BookingOutcome;

/** What became of one command, and so what happens to its message. */
public sealed interface Verdict {

    /**
     * PostgreSQL's answer, committed (or found committed by an earlier delivery): reply, then ack.
     * {@code announce}: also publish it on the outcome exchange, because it is a booking's state.
     * {@code offers}: the waiting list's offers its transaction made from the seats it gave back,
     * announced (HELD) before it, so that cache-service gives them those seats before any are free.
     */
    record Answered(BookingOutcome outcome, boolean announce, List<BookingOutcome> offers) implements Verdict {

        public Answered(BookingOutcome outcome, boolean announce) {
            this(outcome, announce, List.of());
        }

        Answered withOffers(List<BookingOutcome> made) {
            return made.isEmpty() ? this : new Answered(outcome, announce, made);
        }
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
