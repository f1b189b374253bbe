package dev.seatbooking.common.messaging;

/**
 * A webhook delivery to attempt: only its row's id, since the row (in PostgreSQL, written with the
 * change it reports) is the truth about it, and the message may be a late or duplicate one.
 */
public record WebhookDue(long deliveryId) {
}
