package dev.seatbooking.common.api;

import java.time.Instant;

import dev.seatbooking.common.event.EventSettings;
import dev.seatbooking.common.event.EventStatus;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * Body of POST /api/events: a name and a capacity, and optionally how it sells (absent settings take
 * {@link EventSettings#DEFAULTS}).
 */
public record CreateEventRequest(
        @NotNull @Size(max = StorableText.MAX_LENGTH)
        @Pattern(regexp = StorableText.PATTERN, message = StorableText.MESSAGE) String name,
        @NotNull @Min(1) @Max(MAX_SEATS) Integer totalSeats,
        @Min(1) @Max(EventSettings.MAX_PER_USER_LIMIT) Integer maxPerUser,
        @Min(1) @Max(EventSettings.MAX_HOLD_TTL_SECONDS) Integer holdTtlSeconds,
        @Min(1) @Max(EventSettings.MAX_WAITLIST_OFFER_TTL_SECONDS) Integer waitlistOfferTtlSeconds,
        Instant salesStart,
        Instant salesEnd,
        EventStatus status) {

    public static final int MAX_SEATS = 1_000_000;

    public EventSettings settings() {
        EventSettings defaults = EventSettings.DEFAULTS;
        return new EventSettings(maxPerUser == null ? defaults.maxPerUser() : maxPerUser,
                holdTtlSeconds == null ? defaults.holdTtlSeconds() : holdTtlSeconds,
                salesStart, salesEnd, status == null ? defaults.status() : status,
                waitlistOfferTtlSeconds == null ? defaults.waitlistOfferTtlSeconds() : waitlistOfferTtlSeconds);
    }
}
