package dev.seatbooking.booking.event;

import java.time.Instant;
import java.time.format.DateTimeParseException;

import dev.seatbooking.common.api.CreateEventRequest;
import dev.seatbooking.common.error.ApiException;
import dev.seatbooking.common.error.ErrorCode;
import dev.seatbooking.common.event.EventSettings;
import dev.seatbooking.common.event.EventStatus;
import tools.jackson.databind.JsonNode;

/**
 * A PATCH of an event, read as a JSON merge patch (RFC 7396): a field that is absent stays as it
 * is, {@code "sales_start": null} or {@code "sales_end": null} removes that bound, and every other
 * field must have a value of its type within its bounds (400 naming it otherwise). Fields the API
 * does not know are ignored, as everywhere.
 *
 * @param salesStart null: unchanged; a {@link Bound} with a null instant: removed
 */
record EventPatch(Integer totalSeats, EventStatus status, Bound salesStart, Bound salesEnd, Integer maxPerUser,
        Integer holdTtlSeconds, Integer waitlistOfferTtlSeconds) {

    /** A new value of a bound of the sales window; {@code at} null removes it. */
    record Bound(Instant at) {
    }

    static EventPatch parse(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw new ApiException(ErrorCode.VALIDATION_ERROR, "The body must be a JSON object of the fields to change");
        }
        return new EventPatch(
                integer(body, "total_seats", 1, CreateEventRequest.MAX_SEATS),
                status(body),
                bound(body, "sales_start"),
                bound(body, "sales_end"),
                integer(body, "max_per_user", 1, EventSettings.MAX_PER_USER_LIMIT),
                integer(body, "hold_ttl_seconds", 1, EventSettings.MAX_HOLD_TTL_SECONDS),
                integer(body, "waitlist_offer_ttl_seconds", 1, EventSettings.MAX_WAITLIST_OFFER_TTL_SECONDS));
    }

    /** The settings after this patch; 400 when the sales window would end before it starts. */
    EventSettings applyTo(EventSettings current) {
        EventSettings patched = new EventSettings(
                maxPerUser != null ? maxPerUser : current.maxPerUser(),
                holdTtlSeconds != null ? holdTtlSeconds : current.holdTtlSeconds(),
                salesStart != null ? salesStart.at() : current.salesStart(),
                salesEnd != null ? salesEnd.at() : current.salesEnd(),
                status != null ? status : current.status(),
                waitlistOfferTtlSeconds != null ? waitlistOfferTtlSeconds : current.waitlistOfferTtlSeconds());
        requireWindow(patched.salesStart(), patched.salesEnd());
        return patched;
    }

    /** A sales window ends after it starts (the events_sales_window CHECK holds the same). */
    static void requireWindow(Instant start, Instant end) {
        if (start != null && end != null && !end.isAfter(start)) {
            throw ApiException.invalidField("sales_end", "must be after sales_start");
        }
    }

    private static Integer integer(JsonNode body, String field, int min, int max) {
        JsonNode value = body.get(field);
        if (value == null) {
            return null;
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            throw ApiException.invalidField(field, "must be a whole number");
        }
        int number = value.intValue();
        if (number < min || number > max) {
            throw ApiException.invalidField(field, "must be between " + min + " and " + max);
        }
        return number;
    }

    private static EventStatus status(JsonNode body) {
        JsonNode value = body.get("status");
        if (value == null) {
            return null;
        }
        for (EventStatus status : EventStatus.values()) {
            if (value.isString() && status.name().equals(value.stringValue())) {
                return status;
            }
        }
        throw ApiException.invalidField("status", "must be ON_SALE, PAUSED or CLOSED");
    }

    private static Bound bound(JsonNode body, String field) {
        if (!body.has(field)) {
            return null;
        }
        JsonNode value = body.get(field);
        if (value.isNull()) {
            return new Bound(null);
        }
        try {
            if (value.isString()) {
                return new Bound(Instant.parse(value.stringValue()));
            }
        } catch (DateTimeParseException e) {
            // answered below
        }
        throw ApiException.invalidField(field, "must be an ISO-8601 instant such as 2026-03-01T09:00:00Z, or null");
    }

}
