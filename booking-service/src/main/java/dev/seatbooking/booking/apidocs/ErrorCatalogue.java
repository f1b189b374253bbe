package dev.seatbooking.booking.apidocs;

import java.util.Arrays;
import java.util.stream.Collectors;

import dev.seatbooking.common.error.ErrorCode;

/** What each error code means for a client, and the message of its example. */
final class ErrorCatalogue {

    private ErrorCatalogue() {
    }

    /** Exhaustive, so that a new code cannot go undocumented. */
    static String when(ErrorCode code) {
        return switch (code) {
            case VALIDATION_ERROR -> "The request is invalid: malformed JSON, a wrong type (`\"1\"` or `1.5` for a "
                    + "number), a value out of range, a blank or over-long id, bad paging, or a URL or header with "
                    + "characters that are not allowed. `errors` names the fields.";
            case UNAUTHORIZED -> "SECURITY_MODE=jwt only: no bearer token, or one that is malformed, expired or not "
                    + "signed by a trusted key. `WWW-Authenticate` says which.";
            case FORBIDDEN -> "SECURITY_MODE=jwt only: the token does not allow this (a body `user_id` other than "
                    + "its subject, another user's list, no `bookings:admin` scope).";
            case EVENT_NOT_FOUND -> "There is no such event.";
            case BOOKING_NOT_FOUND -> "There is no such booking, or it is someone else's: to cancel (in both "
                    + "modes) or to read (in jwt mode). Which of the two is not revealed.";
            case HOLD_NOT_FOUND -> "There is no such hold, or it is someone else's (to confirm or release in both "
                    + "modes, to read in jwt mode). Which of the two is not revealed.";
            case WEBHOOK_NOT_FOUND -> "There is no such webhook subscription (or it was deleted).";
            case WAITLIST_ENTRY_NOT_FOUND -> "There is no such waiting-list entry, or it is someone else's (to leave "
                    + "in both modes, to read in jwt mode). Which of the two is not revealed.";
            case SEATS_AVAILABLE -> "As many seats as asked for are available: hold them instead of waiting.";
            case ALREADY_WAITING -> "This user is on the event's waiting list already (waiting, or with an open "
                    + "offer).";
            case WAITLIST_ENTRY_ENDED -> "The entry's offer was accepted or expired: there is nothing to leave.";
            case NOT_FOUND -> "There is no endpoint at this URL.";
            case METHOD_NOT_ALLOWED -> "The endpoint does not take this HTTP method.";
            case NOT_ACCEPTABLE -> "`Accept` rules out JSON.";
            case ALREADY_BOOKED -> "This user already holds a booking or a hold for this event.";
            case SOLD_OUT -> "No seats are left.";
            case NOT_ENOUGH_SEATS -> "Fewer seats are left than asked for; the message says how many are.";
            case LIMIT_EXCEEDED -> "More seats than one user may hold or own for this event (`max_per_user`).";
            case SALES_NOT_OPEN -> "The event's sales window has not opened yet, or its sales are `PAUSED`.";
            case SALES_CLOSED -> "The event's sales window has closed, or the event is `CLOSED`.";
            case ALREADY_CANCELLED -> "The booking is already cancelled.";
            case BOOKING_NOT_ACTIVE -> "The booking was rejected, so there is nothing to cancel.";
            case BOOKING_PENDING -> "The booking is not committed yet; retry shortly.";
            case HOLD_PENDING -> "The hold is not committed yet, or it is a waiting-list offer whose seats are still "
                    + "being handed to it; retry shortly.";
            case HOLD_RELEASED -> "The hold was released; its seats went back on sale.";
            case HOLD_CONFIRMED -> "The hold is confirmed: cancel its booking instead.";
            case HOLD_EXPIRED -> "The hold expired and its seats are no longer free (a hold whose seats are still "
                    + "free is confirmed all the same).";
            case CAPACITY_BELOW_SOLD -> "More seats are booked or held than the new `total_seats`.";
            case PAYLOAD_TOO_LARGE -> "The body is over 16 KB.";
            case UNSUPPORTED_MEDIA_TYPE -> "`Content-Type` is not JSON, or is a wildcard or unparsable media type.";
            case IDEMPOTENCY_KEY_REUSED -> "This `Idempotency-Key` was already used with a different body.";
            case RATE_LIMITED -> "Too many requests from this user or client address, or another request of this "
                    + "user for this event held its lock too long. Retry after `Retry-After` seconds.";
            case INTERNAL_ERROR -> "A bug; nothing internal is shown.";
            case SERVICE_UNAVAILABLE -> "PostgreSQL, Redis, RabbitMQ or cache-service is unreachable (in jwt mode "
                    + "also the identity provider's keys), so no safe answer exists. Retry after `Retry-After` "
                    + "seconds.";
        };
    }

    /** The message of an example answer; only codes that some endpoint documents have one. */
    static String exampleMessage(ErrorCode code) {
        return switch (code) {
            case VALIDATION_ERROR -> "Request is invalid";
            case UNAUTHORIZED -> "A bearer token is required";
            case FORBIDDEN -> "The token does not grant access to this resource";
            case EVENT_NOT_FOUND -> "Event 1 does not exist";
            case BOOKING_NOT_FOUND -> "Booking 1 not found";
            case ALREADY_BOOKED -> "This user already holds a booking for event 1";
            case SOLD_OUT -> "No seats left for event 1";
            case ALREADY_CANCELLED -> "The booking is already cancelled";
            case BOOKING_NOT_ACTIVE -> "A rejected booking cannot be cancelled";
            case BOOKING_PENDING -> "The booking is not committed yet, please retry shortly";
            case HOLD_NOT_FOUND -> "Hold 2 not found";
            case WEBHOOK_NOT_FOUND -> "Webhook 4f6c1c52-0d3e-4b8f-9a53-2f0e8f0a1b7c not found";
            case WAITLIST_ENTRY_NOT_FOUND -> "Waiting-list entry 7 not found";
            case SEATS_AVAILABLE -> "2 seats of event 1 are available: hold them instead";
            case ALREADY_WAITING -> "You are already on the waiting list of event 1";
            case WAITLIST_ENTRY_ENDED -> "Waiting-list entry 7 is ACCEPTED: there is nothing to leave";
            case NOT_ENOUGH_SEATS -> "Only 1 seats are left for event 1, not 2";
            case LIMIT_EXCEEDED -> "At most 4 seats per user for event 1";
            case SALES_NOT_OPEN -> "Sales for event 1 are not open";
            case SALES_CLOSED -> "Sales for event 1 are closed";
            case HOLD_PENDING -> "The hold is not committed yet, please retry shortly";
            case HOLD_RELEASED -> "Hold 2 was released";
            case HOLD_CONFIRMED -> "Hold 2 is confirmed: cancel its booking to give its seats back";
            case HOLD_EXPIRED -> "Hold 2 expired and its seats are no longer free";
            case CAPACITY_BELOW_SOLD -> "More seats of event 1 are booked or held than 50";
            case PAYLOAD_TOO_LARGE -> "The request body is larger than 16384 bytes";
            case UNSUPPORTED_MEDIA_TYPE -> "Content-Type must be a concrete media type such as application/json";
            case IDEMPOTENCY_KEY_REUSED -> "This Idempotency-Key was already used with a different request";
            case RATE_LIMITED -> "Too many requests from this user";
            case SERVICE_UNAVAILABLE -> "A backing service is unavailable, please retry shortly";
            default -> throw new IllegalArgumentException(code + " is documented for the whole API, not per endpoint");
        };
    }

    /** Every code, as a Markdown table for the API's description. */
    static String table() {
        return "| code | status | when |\n| --- | --- | --- |\n" + Arrays.stream(ErrorCode.values())
                .map(code -> "| `" + code + "` | " + code.status().value() + " | " + when(code) + " |")
                .collect(Collectors.joining("\n"));
    }
}
