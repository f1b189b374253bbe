package dev.seatbooking.common.cache;

import java.time.Instant;

import dev.seatbooking.common.api.StorableText;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * booking-service asks cache-service to hold one seat of an event for a user, under a booking id.
 * {@code traceparent}: the reserve request's trace, which cache-service continues for this hold
 * although it comes in a batch ({@link dev.seatbooking.common.tracing.BatchedTraces}).
 */
public record HoldRequest(@Positive long eventId, @Positive long bookingId, @NotNull @Size(max = StorableText.MAX_LENGTH)
        @Pattern(regexp = StorableText.PATTERN, message = StorableText.MESSAGE) String userId,
        @NotNull Instant createdAt, @Size(max = 128) String traceparent) {
}
