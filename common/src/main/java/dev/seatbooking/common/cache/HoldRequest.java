package dev.seatbooking.common.cache;

import java.time.Instant;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;

/** booking-service asks cache-service to hold one seat of an event for a user, under a booking id. */
public record HoldRequest(@Positive long eventId, @Positive long bookingId, @NotBlank @Size(max = 255) String userId,
        @NotNull Instant createdAt) {
}
