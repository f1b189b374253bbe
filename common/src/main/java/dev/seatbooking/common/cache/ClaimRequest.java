package dev.seatbooking.common.cache;

import java.time.Instant;

import dev.seatbooking.common.api.StorableText;
import dev.seatbooking.common.event.EventSettings;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * booking-service asks cache-service to take {@code quantity} seats of an event for a user, under a
 * booking id (a hold's id is its booking's). {@code traceparent}: the request's trace, which
 * cache-service continues for this claim although it comes in a batch
 * ({@link dev.seatbooking.common.tracing.BatchedTraces}).
 */
public record ClaimRequest(@Positive long eventId, @Positive long bookingId, @NotNull @Size(max = StorableText.MAX_LENGTH)
        @Pattern(regexp = StorableText.PATTERN, message = StorableText.MESSAGE) String userId,
        @Min(1) @Max(EventSettings.MAX_PER_USER_LIMIT) int quantity, @NotNull ClaimKind kind,
        @NotNull Instant createdAt, @Size(max = 128) String traceparent) {
}
