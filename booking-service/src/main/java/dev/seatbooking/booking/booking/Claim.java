package dev.seatbooking.booking.booking;

import dev.seatbooking.common.messaging.BookingCommand;
import dev.seatbooking.common.messaging.BookingOutcome;

/**
 * A claim on seats that RabbitMQ took: {@code outcome} is queue-worker's commit (HELD or CONFIRMED;
 * for a hold whose reply came late, the state it has reached since), or null when it did not come
 * within the wait (the claim is queued and will be committed).
 */
record Claim(BookingCommand command, BookingOutcome outcome) {

    boolean committed() {
        return outcome != null;
    }
}
