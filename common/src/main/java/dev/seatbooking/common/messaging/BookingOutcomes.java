package dev.seatbooking.common.messaging;

import java.util.List;

/**
 * Outcomes committed together: queue-worker's reply to a {@link BookingCommands} (one outcome per
 * command, in order), and the one outcome event it announces per committed batch.
 */
public record BookingOutcomes(List<BookingOutcome> outcomes) {
}
