package dev.seatbooking.common.messaging;

import java.util.List;

/**
 * The booking commands of one booking-service instance that were ready while its previous batches
 * waited for RabbitMQ's confirm, sent as one persistent message: a storm then pays one publish, one
 * confirm and one reply per batch rather than per booking. queue-worker answers with
 * {@link BookingOutcomes} in the same order.
 */
public record BookingCommands(List<BookingCommand> commands) {
}
